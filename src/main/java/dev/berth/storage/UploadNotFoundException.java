package dev.berth.storage;

import java.io.IOException;

/** Raised when an upload session has no staging area, because it expired or was never created. */
public final class UploadNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public UploadNotFoundException(String uploadId) {
    super("no staged upload with id " + uploadId);
  }
}
