package dev.berth.hub;

import java.util.List;

/**
 * The storage every namespace uses, for administrators.
 *
 * @param namespaces one row per namespace with repositories, the most bytes first
 * @param totalBytes the size of every linked blob, each counted once across all namespaces; less
 *     than the sum of the rows when namespaces share blobs
 */
public record StorageReport(List<NamespaceStorage> namespaces, long totalBytes) {

  public StorageReport {
    namespaces = List.copyOf(namespaces);
  }
}
