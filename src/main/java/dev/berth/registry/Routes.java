package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import java.util.Map;
import java.util.regex.Pattern;

/** The registry's URL patterns, and parsers of path and query values into OCI types. */
final class Routes {

  static final Pattern BASE = Pattern.compile("/v2/?");
  static final Pattern CATALOG = Pattern.compile("/v2/_catalog");
  static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
  static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  static final Pattern UPLOAD_START = Pattern.compile("/v2/(.+)/blobs/uploads/?");
  static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
  static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
  static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");

  static RepositoryName name(String value) {
    try {
      return RepositoryName.parse(value);
    } catch (OciFormatException e) {
      throw new RegistryException(ErrorCode.NAME_INVALID, e.getMessage());
    }
  }

  static Digest digest(String value) {
    try {
      return Digest.parse(value);
    } catch (OciFormatException e) {
      throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
    }
  }

  static Reference reference(String value) {
    try {
      return Reference.parse(value);
    } catch (OciFormatException e) {
      ErrorCode code =
          e.kind() == OciFormatException.Kind.DIGEST ? ErrorCode.DIGEST_INVALID : ErrorCode.TAG_INVALID;
      throw new RegistryException(code, e.getMessage());
    }
  }

  static RegistryException methodNotAllowed(Exchange exchange, String allowed) {
    return new RegistryException(
        ErrorCode.UNSUPPORTED,
        "method "
            + exchange.method()
            + " is not supported on "
            + exchange.request().getHttpURI().getPath()
            + "; use "
            + allowed,
        Map.of("Allow", allowed));
  }

  private Routes() {}
}
