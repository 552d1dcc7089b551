package dev.berth.oci;

/** Raised when a value does not follow the OCI grammar for its kind; the message names the value. */
public class OciFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The kind of value that failed to parse. */
  public enum Kind {
    NAME,
    TAG,
    DIGEST,
    MANIFEST
  }

  private final Kind kind;

  public OciFormatException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
