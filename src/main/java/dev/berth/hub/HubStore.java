package dev.berth.hub;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The SQL of the hub's tables. It writes only {@code hub_*} tables; the registry's rows change
 * through {@link dev.berth.registry.Registry}. Page queries join the registry's {@code
 * repositories}, {@code tags}, {@code manifests} and blob links read-only, because a filtered,
 * sorted page must be one indexed query. Every method runs on a handle the caller owns.
 */
final class HubStore {

  private static final String REPOSITORY_COLUMNS =
      "h.name, r.is_private, r.created_at, h.description, h.full_description, h.created_by,"
          + " h.pull_count, h.star_count, h.last_pushed_at, h.last_pulled_at, h.updated_at";

  private final String nameOrder;

  HubStore(Dialect dialect) {
    // Names sort in byte order on both databases, as the registry's listings do.
    this.nameOrder = dialect == Dialect.POSTGRESQL ? " COLLATE \"C\"" : "";
  }

  // Repositories.

  /** Inserts the hub row of a repository unless it has one; returns whether this call did. */
  boolean insertRepository(
      Handle handle,
      RepositoryName name,
      String description,
      String fullDescription,
      Optional<String> createdBy,
      long now) {
    return handle
            .createUpdate(
                "INSERT INTO hub_repositories (name, namespace, description, full_description,"
                    + " created_by, updated_at) VALUES (:name, :namespace, :description,"
                    + " :fullDescription, :createdBy, :now) ON CONFLICT (name) DO NOTHING")
            .bind("name", name.value())
            .bind("namespace", RepositoryRules.ownerNamespace(name))
            .bind("description", description)
            .bind("fullDescription", fullDescription)
            .bind("createdBy", createdBy.orElse(null))
            .bind("now", now)
            .execute()
        == 1;
  }

  Optional<RepositoryRow> findRepository(Handle handle, RepositoryName name) {
    return handle
        .createQuery(
            "SELECT "
                + REPOSITORY_COLUMNS
                + " FROM hub_repositories h JOIN repositories r ON r.name = h.name"
                + " WHERE h.name = :name")
        .bind("name", name.value())
        .map((rs, ctx) -> repository(rs))
        .findOne();
  }

  /** Sets the descriptions that are present and moves last_updated; returns whether it exists. */
  boolean updateDescriptions(
      Handle handle,
      RepositoryName name,
      Optional<String> description,
      Optional<String> fullDescription,
      long now) {
    return handle
            .createUpdate(
                "UPDATE hub_repositories SET"
                    + " description = COALESCE(:description, description),"
                    + " full_description = COALESCE(:fullDescription, full_description),"
                    + " updated_at = :now WHERE name = :name")
            .bind("name", name.value())
            .bind("description", description.orElse(null))
            .bind("fullDescription", fullDescription.orElse(null))
            .bind("now", now)
            .execute()
        == 1;
  }

  /** Records a push: last_pushed and last_updated move to {@code now}. */
  void recordPush(Handle handle, RepositoryName name, long now) {
    handle
        .createUpdate(
            "UPDATE hub_repositories SET last_pushed_at = :now, updated_at = :now"
                + " WHERE name = :name")
        .bind("name", name.value())
        .bind("now", now)
        .execute();
  }

  /** Moves last_updated to {@code now}, after a tag or manifest was deleted. */
  void touch(Handle handle, RepositoryName name, long now) {
    handle
        .createUpdate("UPDATE hub_repositories SET updated_at = :now WHERE name = :name")
        .bind("name", name.value())
        .bind("now", now)
        .execute();
  }

  /** Returns up to {@code limit} registry repositories that have no hub row yet. */
  List<RepositoryName> repositoriesWithoutRow(Handle handle, int limit) {
    return handle
        .createQuery(
            "SELECT r.name FROM repositories r LEFT JOIN hub_repositories h ON h.name = r.name"
                + " WHERE h.name IS NULL LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> RepositoryName.parse(rs.getString("name")))
        .list();
  }

  /** Returns the creation time of a registry repository, for rows the hub adds afterwards. */
  Optional<Long> registryCreatedAt(Handle handle, RepositoryName name) {
    return handle
        .createQuery("SELECT created_at FROM repositories WHERE name = :name")
        .bind("name", name.value())
        .mapTo(Long.class)
        .findOne();
  }

  /**
   * Returns one page of the repositories {@code viewer} may see, in {@code namespace} when given
   * (the owning namespace, the first component of the name).
   */
  List<RepositoryRow> listRepositories(
      Handle handle,
      Viewer viewer,
      Optional<String> namespace,
      RepositoryOrdering ordering,
      long offset,
      int limit) {
    Filter filter = Filter.of(viewer, namespace, Optional.empty(), Optional.empty());
    Query query =
        handle.createQuery(
            "SELECT "
                + REPOSITORY_COLUMNS
                + " FROM hub_repositories h JOIN repositories r ON r.name = h.name"
                + filter.where()
                + " ORDER BY "
                + ordering.orderBy(nameOrder)
                + " LIMIT :limit OFFSET :offset");
    filter.bind(query);
    return query
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> repository(rs))
        .list();
  }

  long countRepositories(Handle handle, Viewer viewer, Optional<String> namespace) {
    Filter filter = Filter.of(viewer, namespace, Optional.empty(), Optional.empty());
    Query query =
        handle.createQuery(
            "SELECT COUNT(*) FROM hub_repositories h JOIN repositories r ON r.name = h.name"
                + filter.where());
    filter.bind(query);
    return query.mapTo(Long.class).one();
  }

  /**
   * Returns one page of the repositories {@code viewer} may see whose name or description contains
   * {@code term}: exact names first (the whole name or its last component), then names with a
   * component that starts with the term, then other names containing it, then description matches;
   * within each, more stars, then more pulls, then name.
   */
  List<RepositoryRow> search(
      Handle handle,
      Viewer viewer,
      String term,
      long minStars,
      Optional<RepositoryOrdering> ordering,
      long offset,
      int limit) {
    Filter filter = Filter.of(viewer, Optional.empty(), Optional.of(term), Optional.of(minStars));
    String escaped = escapeLike(term);
    String rank =
        "CASE"
            + " WHEN h.name = :term OR h.name LIKE :lastComponent ESCAPE '!' THEN 0"
            + " WHEN h.name LIKE :prefix ESCAPE '!'"
            + " OR h.name LIKE :componentPrefix ESCAPE '!' THEN 1"
            + " WHEN h.name LIKE :contains ESCAPE '!' THEN 2 ELSE 3 END,"
            + " h.star_count DESC, h.pull_count DESC, h.name"
            + nameOrder;
    Query query =
        handle.createQuery(
            "SELECT "
                + REPOSITORY_COLUMNS
                + " FROM hub_repositories h JOIN repositories r ON r.name = h.name"
                + filter.where()
                + " ORDER BY "
                + ordering.map(o -> o.orderBy(nameOrder)).orElse(rank)
                + " LIMIT :limit OFFSET :offset");
    filter.bind(query);
    if (ordering.isEmpty()) {
      query
          .bind("term", term)
          .bind("lastComponent", "%/" + escaped)
          .bind("prefix", escaped + "%")
          .bind("componentPrefix", "%/" + escaped + "%");
    }
    return query
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> repository(rs))
        .list();
  }

  long countSearch(Handle handle, Viewer viewer, String term, long minStars) {
    Filter filter = Filter.of(viewer, Optional.empty(), Optional.of(term), Optional.of(minStars));
    Query query =
        handle.createQuery(
            "SELECT COUNT(*) FROM hub_repositories h JOIN repositories r ON r.name = h.name"
                + filter.where());
    filter.bind(query);
    return query.mapTo(Long.class).one();
  }

  /** Returns the bytes of the distinct blobs each of {@code names} links. */
  Map<RepositoryName, Long> storageSizes(Handle handle, Collection<RepositoryName> names) {
    Map<RepositoryName, Long> sizes = new HashMap<>();
    if (names.isEmpty()) {
      return sizes;
    }
    handle
        .createQuery(
            "SELECT rb.repository, SUM(b.size) AS total FROM repository_blobs rb"
                + " JOIN blobs b ON b.digest = rb.digest"
                + " WHERE rb.repository IN (<names>) GROUP BY rb.repository")
        .bindList("names", names.stream().map(RepositoryName::value).toList())
        .map((rs, ctx) -> Map.entry(rs.getString("repository"), rs.getLong("total")))
        .forEach(e -> sizes.put(RepositoryName.parse(e.getKey()), e.getValue()));
    return sizes;
  }

  // Stars.

  /** Returns which of {@code names} {@code username} starred. */
  Set<RepositoryName> starred(Handle handle, String username, Collection<RepositoryName> names) {
    Set<RepositoryName> starred = new HashSet<>();
    if (names.isEmpty()) {
      return starred;
    }
    handle
        .createQuery(
            "SELECT repository FROM hub_stars WHERE username = :username"
                + " AND repository IN (<names>)")
        .bind("username", username)
        .bindList("names", names.stream().map(RepositoryName::value).toList())
        .mapTo(String.class)
        .forEach(name -> starred.add(RepositoryName.parse(name)));
    return starred;
  }

  /** Adds a star and counts it; returns whether it is new. */
  boolean star(Handle handle, RepositoryName name, String username, long now) {
    boolean added =
        handle
                .createUpdate(
                    "INSERT INTO hub_stars (repository, username, created_at)"
                        + " VALUES (:name, :username, :now)"
                        + " ON CONFLICT (repository, username) DO NOTHING")
                .bind("name", name.value())
                .bind("username", username)
                .bind("now", now)
                .execute()
            == 1;
    if (added) {
      adjustStars(handle, name, 1);
    }
    return added;
  }

  /** Removes a star and uncounts it; returns whether there was one. */
  boolean unstar(Handle handle, RepositoryName name, String username) {
    boolean removed =
        handle
                .createUpdate(
                    "DELETE FROM hub_stars WHERE repository = :name AND username = :username")
                .bind("name", name.value())
                .bind("username", username)
                .execute()
            == 1;
    if (removed) {
      adjustStars(handle, name, -1);
    }
    return removed;
  }

  private void adjustStars(Handle handle, RepositoryName name, int delta) {
    handle
        .createUpdate(
            "UPDATE hub_repositories SET star_count = star_count + :delta WHERE name = :name")
        .bind("name", name.value())
        .bind("delta", delta)
        .execute();
  }

  // Tags and manifest summaries.

  /** Records who moved a tag and when. */
  void recordTagPush(
      Handle handle, RepositoryName repository, Tag tag, Optional<String> pusher, long now) {
    handle
        .createUpdate(
            "INSERT INTO hub_tags (repository, name, pushed_by, pushed_at)"
                + " VALUES (:repository, :tag, :pusher, :now) ON CONFLICT (repository, name)"
                + " DO UPDATE SET pushed_by = excluded.pushed_by, pushed_at = excluded.pushed_at")
        .bind("repository", repository.value())
        .bind("tag", tag.value())
        .bind("pusher", pusher.orElse(null))
        .bind("now", now)
        .execute();
  }

  /** Stores a manifest's summary unless it has one (a manifest's bytes never change). */
  void insertSummary(
      Handle handle, RepositoryName repository, Digest digest, long fullSize, String imagesJson) {
    handle
        .createUpdate(
            "INSERT INTO hub_manifests (repository, digest, full_size, images)"
                + " VALUES (:repository, :digest, :fullSize, :images)"
                + " ON CONFLICT (repository, digest) DO NOTHING")
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .bind("fullSize", fullSize)
        .bind("images", imagesJson)
        .execute();
  }

  /** Returns a manifest's full size and images JSON, when its summary is stored. */
  Optional<Map.Entry<Long, String>> findSummary(
      Handle handle, RepositoryName repository, Digest digest) {
    return handle
        .createQuery(
            "SELECT full_size, images FROM hub_manifests"
                + " WHERE repository = :repository AND digest = :digest")
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .map((rs, ctx) -> Map.entry(rs.getLong("full_size"), rs.getString("images")))
        .findOne();
  }

  private static final String TAG_COLUMNS =
      "t.name, t.manifest_digest, t.updated_at, m.media_type, m.artifact_type, m.size,"
          + " hm.full_size, hm.images, ht.pushed_by, ht.last_pulled_at";

  private static final String TAG_JOINS =
      " FROM tags t JOIN manifests m"
          + " ON m.repository = t.repository AND m.digest = t.manifest_digest"
          + " LEFT JOIN hub_manifests hm"
          + " ON hm.repository = t.repository AND hm.digest = t.manifest_digest"
          + " LEFT JOIN hub_tags ht ON ht.repository = t.repository AND ht.name = t.name";

  List<TagRow> listTags(
      Handle handle, RepositoryName repository, TagOrdering ordering, long offset, int limit) {
    return handle
        .createQuery(
            "SELECT "
                + TAG_COLUMNS
                + TAG_JOINS
                + " WHERE t.repository = :repository ORDER BY "
                + ordering.orderBy(nameOrder)
                + " LIMIT :limit OFFSET :offset")
        .bind("repository", repository.value())
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> tag(rs))
        .list();
  }

  long countTags(Handle handle, RepositoryName repository) {
    return handle
        .createQuery("SELECT COUNT(*) FROM tags WHERE repository = :repository")
        .bind("repository", repository.value())
        .mapTo(Long.class)
        .one();
  }

  Optional<TagRow> findTag(Handle handle, RepositoryName repository, Tag tag) {
    return handle
        .createQuery(
            "SELECT "
                + TAG_COLUMNS
                + TAG_JOINS
                + " WHERE t.repository = :repository AND t.name = :tag")
        .bind("repository", repository.value())
        .bind("tag", tag.value())
        .map((rs, ctx) -> tag(rs))
        .findOne();
  }

  // Pulls.

  /** Adds {@code pulls} to a repository's count and moves its last pull to {@code at}. */
  void addPulls(Handle handle, RepositoryName name, long pulls, long at) {
    handle
        .createUpdate(
            "UPDATE hub_repositories SET pull_count = pull_count + :pulls,"
                + " last_pulled_at = CASE WHEN last_pulled_at IS NULL OR last_pulled_at < :at"
                + " THEN :at ELSE last_pulled_at END WHERE name = :name")
        .bind("name", name.value())
        .bind("pulls", pulls)
        .bind("at", at)
        .execute();
  }

  /** Moves a tag's last pull to {@code at}; a tag deleted meanwhile is skipped. */
  void recordTagPull(Handle handle, RepositoryName repository, Tag tag, long at) {
    handle
        .createUpdate(
            "INSERT INTO hub_tags (repository, name, pushed_by, pushed_at, last_pulled_at)"
                + " SELECT t.repository, t.name, NULL, t.updated_at, :at FROM tags t"
                + " WHERE t.repository = :repository AND t.name = :tag"
                + " ON CONFLICT (repository, name) DO UPDATE SET last_pulled_at = CASE"
                + " WHEN hub_tags.last_pulled_at IS NULL OR hub_tags.last_pulled_at < :at"
                + " THEN :at ELSE hub_tags.last_pulled_at END")
        .bind("repository", repository.value())
        .bind("tag", tag.value())
        .bind("at", at)
        .execute();
  }

  // Row mapping.

  private static RepositoryRow repository(ResultSet rs) throws SQLException {
    return new RepositoryRow(
        RepositoryName.parse(rs.getString("name")),
        rs.getBoolean("is_private"),
        rs.getLong("created_at"),
        rs.getString("description"),
        rs.getString("full_description"),
        Optional.ofNullable(rs.getString("created_by")),
        rs.getLong("pull_count"),
        rs.getLong("star_count"),
        optionalLong(rs, "last_pushed_at"),
        optionalLong(rs, "last_pulled_at"),
        rs.getLong("updated_at"));
  }

  private static TagRow tag(ResultSet rs) throws SQLException {
    long fullSize = rs.getLong("full_size");
    Optional<Long> summarySize = rs.wasNull() ? Optional.empty() : Optional.of(fullSize);
    return new TagRow(
        Tag.parse(rs.getString("name")),
        Digest.parse(rs.getString("manifest_digest")),
        rs.getString("media_type"),
        Optional.ofNullable(rs.getString("artifact_type")),
        rs.getLong("size"),
        summarySize,
        Optional.ofNullable(rs.getString("images")),
        rs.getLong("updated_at"),
        Optional.ofNullable(rs.getString("pushed_by")),
        optionalLong(rs, "last_pulled_at"));
  }

  private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  /**
   * Escapes {@code %}, {@code _} and the escape character {@code !} for a LIKE pattern. The escape
   * is not a backslash because Jdbi's SQL parser treats a backslash before a quote as an escape.
   */
  static String escapeLike(String term) {
    return term.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** The WHERE clause of a list: what the viewer may see, and optional narrowing. */
  private record Filter(
      Viewer viewer, Optional<String> namespace, Optional<String> term, Optional<Long> minStars) {

    static Filter of(
        Viewer viewer, Optional<String> namespace, Optional<String> term, Optional<Long> minStars) {
      return new Filter(viewer, namespace, term, minStars);
    }

    String where() {
      List<String> conditions = new ArrayList<>();
      if (!viewer.seesAll()) {
        List<String> visible = new ArrayList<>();
        visible.add("r.is_private = FALSE");
        if (!viewer.ownedNamespaces().isEmpty()) {
          visible.add("h.namespace IN (<owned>)");
        }
        if (!viewer.grants().isEmpty()) {
          visible.add("h.name IN (<granted>)");
        }
        conditions.add("(" + String.join(" OR ", visible) + ")");
      }
      if (namespace.isPresent() && namespace.get().equals(RepositoryRules.LIBRARY)) {
        // One-component names such as alpine are shown in library; their namespace is their name.
        conditions.add("(h.namespace = :namespace OR h.namespace = h.name)");
      } else if (namespace.isPresent()) {
        conditions.add("h.namespace = :namespace");
      }
      if (term.isPresent()) {
        conditions.add(
            "(h.name LIKE :contains ESCAPE '!' OR LOWER(h.description) LIKE :contains"
                + " ESCAPE '!')");
      }
      if (minStars.isPresent() && minStars.get() > 0) {
        conditions.add("h.star_count >= :minStars");
      }
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    void bind(Query query) {
      if (!viewer.seesAll()) {
        if (!viewer.ownedNamespaces().isEmpty()) {
          query.bindList("owned", List.copyOf(viewer.ownedNamespaces()));
        }
        if (!viewer.grants().isEmpty()) {
          query.bindList(
              "granted", viewer.grants().keySet().stream().map(RepositoryName::value).toList());
        }
      }
      namespace.ifPresent(ns -> query.bind("namespace", ns));
      term.ifPresent(t -> query.bind("contains", "%" + escapeLike(t) + "%"));
      if (minStars.isPresent() && minStars.get() > 0) {
        query.bind("minStars", minStars.get());
      }
    }
  }
}
