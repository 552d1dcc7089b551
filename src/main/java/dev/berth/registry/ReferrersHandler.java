package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import java.util.Optional;

/** {@code /v2/<name>/referrers/<digest>}: the OCI 1.1 referrers API. */
final class ReferrersHandler {

  private final ReferrersService referrers;

  ReferrersHandler(ReferrersService referrers) {
    this.referrers = referrers;
  }

  void handle(Exchange exchange, RepositoryName repository, Digest subject) {
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      throw Routes.methodNotAllowed(exchange, "GET, HEAD");
    }
    Optional<String> artifactType = exchange.query("artifactType");
    byte[] index = referrers.referrers(repository, subject, artifactType);
    if (artifactType.isPresent()) {
      exchange.setHeader("OCI-Filters-Applied", "artifactType");
    }
    exchange.send(200, MediaTypes.OCI_INDEX, index);
  }
}
