package dev.berth.registry;

import dev.berth.oci.Digest;

/**
 * A row of the {@code blobs} table.
 *
 * @param digest the content digest
 * @param size the size in bytes
 * @param storageKey where the bytes live in the blob store
 * @param state {@code live}, or {@code deleting} once garbage collection has claimed it
 */
record BlobRecord(Digest digest, long size, String storageKey, String state) {
  static final String LIVE = "live";
  static final String DELETING = "deleting";
}
