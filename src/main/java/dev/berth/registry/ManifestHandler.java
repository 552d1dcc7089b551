package dev.berth.registry;

import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import java.io.IOException;

/** {@code /v2/<name>/manifests/<reference>}: HEAD, GET, PUT and DELETE by tag or digest. */
final class ManifestHandler {

  private final ManifestService manifests;
  private final PullLimiter limiter;

  ManifestHandler(ManifestService manifests, PullLimiter limiter) {
    this.manifests = manifests;
    this.limiter = limiter;
  }

  void handle(Exchange exchange, RepositoryName repository, Reference reference)
      throws IOException {
    switch (exchange.method()) {
      case "GET", "HEAD" -> get(exchange, repository, reference);
      case "PUT" -> put(exchange, repository, reference);
      case "DELETE" -> {
        manifests.delete(repository, reference, actor(exchange));
        exchange.send(202);
      }
      default -> throw Routes.methodNotAllowed(exchange, "GET, HEAD, PUT, DELETE");
    }
  }

  private void get(Exchange exchange, RepositoryName repository, Reference reference) {
    ManifestRecord manifest;
    try {
      manifest = manifests.get(repository, reference);
    } catch (RegistryException e) {
      // A manifest that is not found is no pull, but the error still shows the caller's quota.
      PullAdmission quota = limiter.admit(exchange.request(), PullLimiter.PullKind.HEAD);
      quota.headers().forEach(exchange::setHeader);
      throw e;
    }
    admit(exchange, manifest);
    exchange.setHeader("Docker-Content-Digest", manifest.digest().toString());
    exchange.setHeader("ETag", "\"" + manifest.digest() + "\"");
    exchange.send(200, manifest.mediaType(), manifest.content());
    if (exchange.method().equals("GET")) {
      manifests.pulled(repository, manifest, reference, actor(exchange));
    }
  }

  /**
   * Asks the pull limiter before anything is sent, setting its headers on the response.
   *
   * @throws RegistryException TOOMANYREQUESTS when the caller is over the pull rate limit
   */
  private void admit(Exchange exchange, ManifestRecord manifest) {
    PullLimiter.PullKind kind;
    if (exchange.isHead()) {
      kind = PullLimiter.PullKind.HEAD;
    } else if (MediaTypes.INDEXES.contains(MediaTypes.withoutParameters(manifest.mediaType()))) {
      kind = PullLimiter.PullKind.INDEX;
    } else {
      kind = PullLimiter.PullKind.IMAGE;
    }
    PullAdmission admission = limiter.admit(exchange.request(), kind);
    if (admission.rejection().isPresent()) {
      throw new RegistryException(
          ErrorCode.TOOMANYREQUESTS, admission.rejection().get(), admission.headers());
    }
    admission.headers().forEach(exchange::setHeader);
  }

  private static java.util.Optional<String> actor(Exchange exchange) {
    return RegistryAccess.of(exchange.request()).actor();
  }

  private void put(Exchange exchange, RepositoryName repository, Reference reference)
      throws IOException {
    byte[] body = exchange.readBody(manifests.maxBytes(), manifests::tooLarge);
    ManifestService.Stored stored =
        manifests.put(
            repository, reference, exchange.header("Content-Type"), body, actor(exchange));

    exchange.setHeader(
        "Location", exchange.url("/v2/" + repository + "/manifests/" + stored.digest()));
    exchange.setHeader("Docker-Content-Digest", stored.digest().toString());
    stored.subject().ifPresent(subject -> exchange.setHeader("OCI-Subject", subject.toString()));
    exchange.send(201);
  }
}
