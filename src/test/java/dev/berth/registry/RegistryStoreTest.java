package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the registry's SQL on SQLite and PostgreSQL alike. */
class RegistryStoreTest {

  private static final RepositoryName REPO = RepositoryName.parse("team/app");
  private static final RepositoryName OTHER = RepositoryName.parse("team/other");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void listRepositories_pagesInLexicalOrder(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Database database = db.open();
      RegistryStore store = new RegistryStore(dialect);
      Jdbi jdbi = database.jdbi();
      for (String name : new String[] {"b/x", "a/y", "a/x", "c", "a-b"}) {
        jdbi.useHandle(h -> store.ensureRepository(h, RepositoryName.parse(name), 1));
      }
      jdbi.useHandle(h -> store.ensureRepository(h, RepositoryName.parse("c"), 2));

      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.listRepositories(h, Optional.empty(), 2)))
          .containsExactly("a-b", "a/x");
      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.listRepositories(h, Optional.of("a/x"), 10)))
          .containsExactly("a/y", "b/x", "c");
      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.listRepositories(h, Optional.of("c"), 10))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertBlob_secondInsert_keepsFirstKey(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Jdbi jdbi = db.open().jdbi();
      RegistryStore store = new RegistryStore(dialect);
      Digest digest = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

      boolean first =
          jdbi.<Boolean, RuntimeException>inTransaction(h -> store.insertBlob(h, blob(digest, "key-1", "live"), 1));
      boolean second =
          jdbi.<Boolean, RuntimeException>inTransaction(h -> store.insertBlob(h, blob(digest, "key-2", "live"), 2));

      assertThat(first).isTrue();
      assertThat(second).isFalse();
      assertThat(jdbi.<Optional<BlobRecord>, RuntimeException>withHandle(h -> store.findBlob(h, digest)))
          .map(BlobRecord::storageKey)
          .hasValue("key-1");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void reviveBlob_onlyChangesDeletingRows(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Jdbi jdbi = db.open().jdbi();
      RegistryStore store = new RegistryStore(dialect);
      Digest digest = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
      jdbi.useTransaction(h -> store.insertBlob(h, blob(digest, "old", "live"), 1));

      boolean revivedLive = jdbi.<Boolean, RuntimeException>inTransaction(h -> store.reviveBlob(h, blob(digest, "new", "live")));
      jdbi.useHandle(
          h -> h.execute("UPDATE blobs SET state = 'deleting' WHERE digest = ?", digest.toString()));
      boolean revivedDeleting =
          jdbi.<Boolean, RuntimeException>inTransaction(h -> store.reviveBlob(h, blob(digest, "new", "live")));

      assertThat(revivedLive).isFalse();
      assertThat(revivedDeleting).isTrue();
      BlobRecord row = jdbi.<Optional<BlobRecord>, RuntimeException>withHandle(h -> store.findBlob(h, digest)).orElseThrow();
      assertThat(row.storageKey()).isEqualTo("new");
      assertThat(row.state()).isEqualTo("live");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void linkedBlob_visibleOnlyInLinkedRepository(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Jdbi jdbi = db.open().jdbi();
      RegistryStore store = new RegistryStore(dialect);
      Digest digest = Digest.sha256("shared".getBytes(StandardCharsets.UTF_8));
      jdbi.useTransaction(
          h -> {
            store.insertBlob(h, blob(digest, "k", "live"), 1);
            store.link(h, REPO, digest, 1);
            store.link(h, REPO, digest, 2);
          });

      assertThat(jdbi.<Optional<BlobRecord>, RuntimeException>inTransaction(h -> store.lockLinkedBlob(h, REPO, digest))).isPresent();
      assertThat(jdbi.<Optional<BlobRecord>, RuntimeException>withHandle(h -> store.findLinkedBlob(h, OTHER, digest))).isEmpty();
      assertThat(jdbi.<Boolean, RuntimeException>inTransaction(h -> store.unlink(h, REPO, digest))).isTrue();
      assertThat(jdbi.<Boolean, RuntimeException>inTransaction(h -> store.unlink(h, REPO, digest))).isFalse();
      assertThat(jdbi.<Optional<BlobRecord>, RuntimeException>withHandle(h -> store.findLinkedBlob(h, REPO, digest))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void manifest_bytesTagsAndReferrersRoundTrip(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Jdbi jdbi = db.open().jdbi();
      RegistryStore store = new RegistryStore(dialect);
      byte[] subjectBytes = "{ \"schemaVersion\": 2 }\n".getBytes(StandardCharsets.UTF_8);
      byte[] referrerBytes = "{\"schemaVersion\":2,\"x\":1}".getBytes(StandardCharsets.UTF_8);
      ManifestRecord subject = manifest(subjectBytes, Optional.empty());
      ManifestRecord referrer = manifest(referrerBytes, Optional.of("application/spdx+json"));
      Tag latest = Tag.parse("latest");

      jdbi.useTransaction(
          h -> {
            store.ensureRepository(h, REPO, 1);
            store.insertManifest(h, REPO, subject, Optional.empty(), 1);
            store.insertManifest(h, REPO, referrer, Optional.of(subject.digest()), 1);
            store.insertReference(h, REPO, referrer.digest(), subject.digest(), "blob");
            store.insertReference(h, REPO, referrer.digest(), subject.digest(), "blob");
            store.putTag(h, REPO, latest, referrer.digest(), 1);
            store.putTag(h, REPO, latest, subject.digest(), 2);
          });

      ManifestRecord byTag =
          jdbi.<Optional<ManifestRecord>, RuntimeException>withHandle(h -> store.findManifestByTag(h, REPO, latest)).orElseThrow();
      assertThat(byTag.content()).isEqualTo(subjectBytes);
      assertThat(jdbi.<List<ManifestRecord>, RuntimeException>withHandle(h -> store.findReferrers(h, REPO, subject.digest())))
          .extracting(ManifestRecord::digest)
          .containsExactly(referrer.digest());
      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.listTags(h, REPO, Optional.empty(), 10)))
          .containsExactly("latest");

      // Deleting the manifest takes its tags with it.
      assertThat(jdbi.<Boolean, RuntimeException>inTransaction(h -> store.deleteManifest(h, REPO, subject.digest()))).isTrue();
      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.listTags(h, REPO, Optional.empty(), 10))).isEmpty();
      assertThat(jdbi.<Optional<ManifestRecord>, RuntimeException>withHandle(h -> store.findManifest(h, REPO, subject.digest()))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void findIdleUploads_returnsOnlySessionsIdleSinceCutoff(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Jdbi jdbi = db.open().jdbi();
      RegistryStore store = new RegistryStore(dialect);
      jdbi.useTransaction(
          h -> {
            store.insertUpload(h, "old", REPO, 100);
            store.insertUpload(h, "touched", REPO, 100);
            store.insertUpload(h, "new", REPO, 500);
            store.touchUpload(h, "touched", 600);
          });

      assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> store.findIdleUploads(h, 300, 10))).containsExactly("old");
      assertThat(jdbi.<Optional<String>, RuntimeException>withHandle(h -> store.findUploadRepository(h, "new"))).hasValue("team/app");
      assertThat(jdbi.<Boolean, RuntimeException>inTransaction(h -> store.deleteUpload(h, "old"))).isTrue();
      assertThat(jdbi.<Optional<String>, RuntimeException>withHandle(h -> store.findUploadRepository(h, "old"))).isEmpty();
    }
  }

  private static BlobRecord blob(Digest digest, String key, String state) {
    return new BlobRecord(digest, 5, key, state);
  }

  private static ManifestRecord manifest(byte[] bytes, Optional<String> artifactType) {
    return new ManifestRecord(
        Digest.sha256(bytes), MediaTypes.OCI_MANIFEST, artifactType, Optional.empty(), bytes);
  }
}
