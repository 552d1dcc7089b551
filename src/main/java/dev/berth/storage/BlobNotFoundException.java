package dev.berth.storage;

import java.io.IOException;

/** Raised when no bytes are stored under a key. */
public final class BlobNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String key) {
    super("no blob stored under key " + key);
  }
}
