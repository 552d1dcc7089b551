package dev.berth.registry;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the registry's tables. Every method runs on a handle the caller owns, so services
 * compose several calls into one transaction.
 */
final class RegistryStore {

  private final String forUpdate;
  private final String byteOrder;
  private final boolean defaultPrivate;

  RegistryStore(Dialect dialect) {
    this(dialect, true);
  }

  /**
   * @param defaultPrivate whether repositories this store creates (on a first push) are private
   */
  RegistryStore(Dialect dialect, boolean defaultPrivate) {
    this.defaultPrivate = defaultPrivate;
    // SQLite serialises writers with BEGIN IMMEDIATE and has no row locks.
    this.forUpdate = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    // Listings page in byte order, as the distribution spec's lexical order; PostgreSQL would
    // otherwise sort by the database's locale. SQLite compares bytes already.
    this.byteOrder = dialect == Dialect.POSTGRESQL ? " COLLATE \"C\"" : "";
  }

  // Repositories.

  void ensureRepository(Handle handle, RepositoryName name, long now) {
    handle
        .createUpdate(
            "INSERT INTO repositories (name, created_at, is_private)"
                + " VALUES (:name, :now, :private) ON CONFLICT (name) DO NOTHING")
        .bind("name", name.value())
        .bind("now", now)
        .bind("private", defaultPrivate)
        .execute();
  }

  /** Returns whether the repository is private, or empty when it does not exist. */
  Optional<Boolean> findPrivate(Handle handle, RepositoryName name) {
    return handle
        .createQuery("SELECT is_private FROM repositories WHERE name = :name")
        .bind("name", name.value())
        .mapTo(Boolean.class)
        .findOne();
  }

  boolean repositoryExists(Handle handle, RepositoryName name) {
    return handle
        .createQuery("SELECT 1 FROM repositories WHERE name = :name")
        .bind("name", name.value())
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Returns up to {@code limit} repository names after {@code last}, in lexical order. */
  List<String> listRepositories(Handle handle, Optional<String> last, int limit) {
    return handle
        .createQuery(
            "SELECT name FROM repositories WHERE name"
                + byteOrder
                + " > :last ORDER BY name"
                + byteOrder
                + " LIMIT :limit")
        .bind("last", last.orElse(""))
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  // Blobs and their links to repositories.

  Optional<BlobRecord> findBlob(Handle handle, Digest digest) {
    return handle
        .createQuery("SELECT digest, size, storage_key, state FROM blobs WHERE digest = :digest")
        .bind("digest", digest.toString())
        .map((rs, ctx) -> blob(rs))
        .findOne();
  }

  /** Returns the live blob {@code digest} when it is linked to {@code repository}. */
  Optional<BlobRecord> findLinkedBlob(Handle handle, RepositoryName repository, Digest digest) {
    return handle
        .createQuery(
            "SELECT b.digest, b.size, b.storage_key, b.state FROM repository_blobs rb"
                + " JOIN blobs b ON b.digest = rb.digest"
                + " WHERE rb.repository = :repository AND rb.digest = :digest AND b.state = 'live'")
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .map((rs, ctx) -> blob(rs))
        .findOne();
  }

  /**
   * Like {@link #findLinkedBlob}, but locks the blob row until the transaction ends, so a
   * concurrent garbage collector cannot mark it {@code deleting} before a manifest referencing
   * it commits.
   */
  Optional<BlobRecord> lockLinkedBlob(Handle handle, RepositoryName repository, Digest digest) {
    return handle
        .createQuery(
            "SELECT b.digest, b.size, b.storage_key, b.state FROM blobs b"
                + " WHERE b.digest = :digest AND b.state = 'live' AND EXISTS (SELECT 1 FROM"
                + " repository_blobs rb WHERE rb.repository = :repository AND rb.digest = b.digest)"
                + forUpdate)
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .map((rs, ctx) -> blob(rs))
        .findOne();
  }

  /** Inserts a blob row unless one exists; returns whether this call inserted it. */
  boolean insertBlob(Handle handle, BlobRecord blob, long now) {
    return handle
            .createUpdate(
                "INSERT INTO blobs (digest, size, storage_key, state, created_at)"
                    + " VALUES (:digest, :size, :key, 'live', :now) ON CONFLICT (digest) DO NOTHING")
            .bind("digest", blob.digest().toString())
            .bind("size", blob.size())
            .bind("key", blob.storageKey())
            .bind("now", now)
            .execute()
        == 1;
  }

  /** Points a blob that garbage collection is deleting at freshly uploaded bytes. */
  boolean reviveBlob(Handle handle, BlobRecord blob) {
    return handle
            .createUpdate(
                "UPDATE blobs SET storage_key = :key, size = :size, state = 'live'"
                    + " WHERE digest = :digest AND state = 'deleting'")
            .bind("digest", blob.digest().toString())
            .bind("size", blob.size())
            .bind("key", blob.storageKey())
            .execute()
        == 1;
  }

  void link(Handle handle, RepositoryName repository, Digest digest, long now) {
    ensureRepository(handle, repository, now);
    handle
        .createUpdate(
            "INSERT INTO repository_blobs (repository, digest, linked_at)"
                + " VALUES (:repository, :digest, :now) ON CONFLICT (repository, digest) DO NOTHING")
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .bind("now", now)
        .execute();
  }

  /** Removes a blob's link to a repository; returns whether a link existed. */
  boolean unlink(Handle handle, RepositoryName repository, Digest digest) {
    return handle
            .createUpdate(
                "DELETE FROM repository_blobs WHERE repository = :repository AND digest = :digest")
            .bind("repository", repository.value())
            .bind("digest", digest.toString())
            .execute()
        == 1;
  }

  // Manifests and tags.

  Optional<ManifestRecord> findManifest(Handle handle, RepositoryName repository, Digest digest) {
    return handle
        .createQuery(
            "SELECT digest, media_type, artifact_type, annotations, content FROM manifests"
                + " WHERE repository = :repository AND digest = :digest")
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .map((rs, ctx) -> manifest(rs))
        .findOne();
  }

  Optional<ManifestRecord> findManifestByTag(Handle handle, RepositoryName repository, Tag tag) {
    return handle
        .createQuery(
            "SELECT m.digest, m.media_type, m.artifact_type, m.annotations, m.content"
                + " FROM tags t JOIN manifests m"
                + " ON m.repository = t.repository AND m.digest = t.manifest_digest"
                + " WHERE t.repository = :repository AND t.name = :tag")
        .bind("repository", repository.value())
        .bind("tag", tag.value())
        .map((rs, ctx) -> manifest(rs))
        .findOne();
  }

  /** Inserts a manifest unless the repository has it already; returns whether this call did. */
  boolean insertManifest(
      Handle handle,
      RepositoryName repository,
      ManifestRecord manifest,
      Optional<Digest> subject,
      long now) {
    return handle
            .createUpdate(
                "INSERT INTO manifests (repository, digest, media_type, artifact_type,"
                    + " subject_digest, annotations, size, content, pushed_at)"
                    + " VALUES (:repository, :digest, :mediaType, :artifactType, :subject,"
                    + " :annotations, :size, :content, :now)"
                    + " ON CONFLICT (repository, digest) DO NOTHING")
            .bind("repository", repository.value())
            .bind("digest", manifest.digest().toString())
            .bind("mediaType", manifest.mediaType())
            .bind("artifactType", manifest.artifactType().orElse(null))
            .bind("subject", subject.map(Digest::toString).orElse(null))
            .bind("annotations", manifest.annotationsJson().orElse(null))
            .bind("size", manifest.size())
            .bind("content", manifest.content())
            .bind("now", now)
            .execute()
        == 1;
  }

  void insertReference(
      Handle handle, RepositoryName repository, Digest manifest, Digest target, String kind) {
    handle
        .createUpdate(
            "INSERT INTO manifest_references (repository, manifest_digest, target_digest, kind)"
                + " VALUES (:repository, :manifest, :target, :kind)"
                + " ON CONFLICT (repository, manifest_digest, target_digest, kind) DO NOTHING")
        .bind("repository", repository.value())
        .bind("manifest", manifest.toString())
        .bind("target", target.toString())
        .bind("kind", kind)
        .execute();
  }

  boolean deleteManifest(Handle handle, RepositoryName repository, Digest digest) {
    return handle
            .createUpdate("DELETE FROM manifests WHERE repository = :repository AND digest = :digest")
            .bind("repository", repository.value())
            .bind("digest", digest.toString())
            .execute()
        == 1;
  }

  void putTag(Handle handle, RepositoryName repository, Tag tag, Digest digest, long now) {
    handle
        .createUpdate(
            "INSERT INTO tags (repository, name, manifest_digest, updated_at)"
                + " VALUES (:repository, :tag, :digest, :now) ON CONFLICT (repository, name)"
                + " DO UPDATE SET manifest_digest = excluded.manifest_digest,"
                + " updated_at = excluded.updated_at")
        .bind("repository", repository.value())
        .bind("tag", tag.value())
        .bind("digest", digest.toString())
        .bind("now", now)
        .execute();
  }

  /** Returns the tags in {@code repository} that point at {@code digest}, in byte order. */
  List<Tag> tagsOf(Handle handle, RepositoryName repository, Digest digest) {
    return handle
        .createQuery(
            "SELECT name FROM tags WHERE repository = :repository AND manifest_digest = :digest"
                + " ORDER BY name"
                + byteOrder)
        .bind("repository", repository.value())
        .bind("digest", digest.toString())
        .map((rs, ctx) -> Tag.parse(rs.getString("name")))
        .list();
  }

  boolean deleteTag(Handle handle, RepositoryName repository, Tag tag) {
    return handle
            .createUpdate("DELETE FROM tags WHERE repository = :repository AND name = :tag")
            .bind("repository", repository.value())
            .bind("tag", tag.value())
            .execute()
        == 1;
  }

  /** Returns up to {@code limit} tag names after {@code last}, in lexical order. */
  List<String> listTags(Handle handle, RepositoryName repository, Optional<String> last, int limit) {
    return handle
        .createQuery(
            "SELECT name FROM tags WHERE repository = :repository AND name"
                + byteOrder
                + " > :last ORDER BY name"
                + byteOrder
                + " LIMIT :limit")
        .bind("repository", repository.value())
        .bind("last", last.orElse(""))
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  /** Returns the manifests in {@code repository} whose {@code subject} is {@code subject}. */
  List<ManifestRecord> findReferrers(Handle handle, RepositoryName repository, Digest subject) {
    return handle
        .createQuery(
            "SELECT digest, media_type, artifact_type, annotations, content FROM manifests"
                + " WHERE repository = :repository AND subject_digest = :subject ORDER BY digest")
        .bind("repository", repository.value())
        .bind("subject", subject.toString())
        .map((rs, ctx) -> manifest(rs))
        .list();
  }

  // Upload sessions.

  void insertUpload(Handle handle, String id, RepositoryName repository, long now) {
    handle
        .createUpdate(
            "INSERT INTO uploads (id, repository, created_at, updated_at)"
                + " VALUES (:id, :repository, :now, :now)")
        .bind("id", id)
        .bind("repository", repository.value())
        .bind("now", now)
        .execute();
  }

  /** Returns the repository an upload session belongs to, when the session exists. */
  Optional<String> findUploadRepository(Handle handle, String id) {
    return handle
        .createQuery("SELECT repository FROM uploads WHERE id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .findOne();
  }

  void touchUpload(Handle handle, String id, long now) {
    handle
        .createUpdate("UPDATE uploads SET updated_at = :now WHERE id = :id")
        .bind("id", id)
        .bind("now", now)
        .execute();
  }

  boolean deleteUpload(Handle handle, String id) {
    return handle.createUpdate("DELETE FROM uploads WHERE id = :id").bind("id", id).execute() == 1;
  }

  /** Returns whether the session exists and was last touched before {@code idleBefore}. */
  boolean isUploadIdle(Handle handle, String id, long idleBefore) {
    return handle
        .createQuery("SELECT 1 FROM uploads WHERE id = :id AND updated_at < :before")
        .bind("id", id)
        .bind("before", idleBefore)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Returns up to {@code limit} ids of sessions idle since before {@code idleBefore}. */
  List<String> findIdleUploads(Handle handle, long idleBefore, int limit) {
    return handle
        .createQuery(
            "SELECT id FROM uploads WHERE updated_at < :before ORDER BY updated_at LIMIT :limit")
        .bind("before", idleBefore)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  private static BlobRecord blob(ResultSet rs) throws SQLException {
    return new BlobRecord(
        Digest.parse(rs.getString("digest")),
        rs.getLong("size"),
        rs.getString("storage_key"),
        rs.getString("state"));
  }

  private static ManifestRecord manifest(ResultSet rs) throws SQLException {
    return new ManifestRecord(
        Digest.parse(rs.getString("digest")),
        rs.getString("media_type"),
        Optional.ofNullable(rs.getString("artifact_type")),
        Optional.ofNullable(rs.getString("annotations")),
        rs.getBytes("content"));
  }
}
