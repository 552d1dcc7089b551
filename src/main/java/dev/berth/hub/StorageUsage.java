package dev.berth.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sums the blob bytes each namespace links. Blobs that a namespace's repositories share count once
 * for it; a blob linked from two namespaces counts in both rows and once in the total. Manifests
 * and upload sessions are not counted, and blob bytes stay counted until garbage collection unlinks
 * them. Thread-safe.
 */
public final class StorageUsage {

  private final Jdbi jdbi;

  StorageUsage(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Returns the usage of every namespace with repositories, the most bytes first. */
  public StorageReport report() {
    return jdbi.inTransaction(
        h -> {
          Map<String, Long> repositories = repositoryCounts(h);
          Map<String, NamespaceStorage> byNamespace = new TreeMap<>();
          repositories.forEach(
              (ns, count) -> byNamespace.put(ns, new NamespaceStorage(ns, count, 0, 0)));
          List<NamespaceStorage> linked =
              h.createQuery(
                      "SELECT u.namespace, COUNT(*) AS blobs, SUM(u.size) AS bytes FROM (SELECT"
                          + " DISTINCT r.namespace, b.digest, b.size FROM repository_blobs rb JOIN"
                          + " blobs b ON b.digest = rb.digest JOIN hub_repositories r ON r.name ="
                          + " rb.repository) u GROUP BY u.namespace")
                  .map(
                      (rs, ctx) ->
                          new NamespaceStorage(
                              rs.getString("namespace"),
                              repositories.getOrDefault(rs.getString("namespace"), 0L),
                              rs.getLong("blobs"),
                              rs.getLong("bytes")))
                  .list();
          linked.forEach(row -> byNamespace.put(row.namespace(), row));
          long total =
              h.createQuery(
                      "SELECT COALESCE(SUM(b.size), 0) FROM blobs b WHERE EXISTS (SELECT 1 FROM"
                          + " repository_blobs rb WHERE rb.digest = b.digest)")
                  .mapTo(Long.class)
                  .one();

          List<NamespaceStorage> rows = new ArrayList<>(byNamespace.values());
          rows.sort(
              Comparator.comparingLong(NamespaceStorage::bytes)
                  .reversed()
                  .thenComparing(NamespaceStorage::namespace));
          return new StorageReport(rows, total);
        });
  }

  private static Map<String, Long> repositoryCounts(Handle handle) {
    Map<String, Long> counts = new TreeMap<>();
    handle
        .createQuery(
            "SELECT namespace, COUNT(*) AS repositories FROM hub_repositories GROUP BY namespace")
        .map((rs, ctx) -> Map.entry(rs.getString("namespace"), rs.getLong("repositories")))
        .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }
}
