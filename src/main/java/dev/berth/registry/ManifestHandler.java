package dev.berth.registry;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import java.io.IOException;

/** {@code /v2/<name>/manifests/<reference>}: HEAD, GET, PUT and DELETE by tag or digest. */
final class ManifestHandler {

  private final ManifestService manifests;

  ManifestHandler(ManifestService manifests) {
    this.manifests = manifests;
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
    ManifestRecord manifest = manifests.get(repository, reference);
    exchange.setHeader("Docker-Content-Digest", manifest.digest().toString());
    exchange.setHeader("ETag", "\"" + manifest.digest() + "\"");
    exchange.send(200, manifest.mediaType(), manifest.content());
    if (exchange.method().equals("GET")) {
      manifests.pulled(repository, manifest, reference, actor(exchange));
    }
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
