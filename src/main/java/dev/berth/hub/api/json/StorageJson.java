package dev.berth.hub.api.json;

import java.util.List;

/**
 * The storage used per namespace, for administrators.
 *
 * @param totalBytes the size of every linked blob, each counted once across all namespaces
 * @param namespaces one entry per namespace, the most bytes first
 */
public record StorageJson(long totalBytes, List<Namespace> namespaces) {

  public StorageJson {
    namespaces = List.copyOf(namespaces);
  }

  /**
   * One namespace.
   *
   * @param bytes the size of the blobs its repositories link, each blob counted once
   * @param blobs how many distinct blobs that is
   */
  public record Namespace(String namespace, long repositories, long blobs, long bytes) {}
}
