package dev.berth.storage;

/**
 * Where committed bytes live.
 *
 * @param key the storage key to pass to {@link BlobStore#open}
 * @param size the size in bytes
 */
public record StoredBlob(String key, long size) {}
