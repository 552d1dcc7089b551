package dev.berth.registry;

/**
 * Error codes of the OCI distribution specification, each with its HTTP status. A few constants
 * share a wire code but need a different status; {@link #wireCode()} is what clients see.
 */
public enum ErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),

  /** A PATCH whose Content-Range does not start at the upload's current offset. */
  UPLOAD_RANGE_INVALID(416, "BLOB_UPLOAD_INVALID", "blob upload chunk out of order"),
  /** A blob GET whose Range lies outside the blob. */
  BLOB_RANGE_INVALID(416, "RANGE_NOT_SATISFIABLE", "requested range not satisfiable"),
  /** An index PUT naming a child manifest the repository does not have. */
  INDEX_CHILD_UNKNOWN(400, "MANIFEST_UNKNOWN", "index references a manifest unknown to the repository"),
  /** A manifest over the configured size limit. */
  MANIFEST_TOO_LARGE(413, "MANIFEST_INVALID", "manifest too large"),
  /** A tag or catalog page size that is not a non-negative integer. */
  PAGINATION_NUMBER_INVALID(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested"),
  /**
   * A query string with invalid percent-encoding. The spec's UNSUPPORTED covers "an invalid set of
   * parameters", but as a client error, so the status is 400 rather than 405.
   */
  QUERY_INVALID(400, "UNSUPPORTED", "invalid query parameter"),
  /** A tag in a manifest URL that breaks the tag grammar. */
  TAG_INVALID(400, "TAG_INVALID", "invalid tag"),
  /** A path under /v2/ that names no endpoint. */
  NOT_FOUND(404, "NOT_FOUND", "no endpoint at this path");

  private final int status;
  private final String wireCode;
  private final String description;

  ErrorCode(int status, String description) {
    this.status = status;
    this.wireCode = name();
    this.description = description;
  }

  ErrorCode(int status, String wireCode, String description) {
    this.status = status;
    this.wireCode = wireCode;
    this.description = description;
  }

  public int status() {
    return status;
  }

  /** Returns the code written in the error body's {@code code} field. */
  public String wireCode() {
    return wireCode;
  }

  /** Returns the spec's short description of the code. */
  public String description() {
    return description;
  }
}
