package dev.berth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.RegistryEvent;
import dev.berth.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the registry listener of the audit log on SQLite and PostgreSQL. */
class AuditRegistryListenerTest {

  private static final RepositoryName APP = RepositoryName.parse("acme/app");
  private static final Digest DIGEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void changed_recordsPushesAndDeletesButNotPulls(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      AuditLog audit = new AuditLog(database, Clock.systemUTC());
      AuditRegistryListener listener = new AuditRegistryListener(audit);
      List<RegistryEvent> events =
          List.of(
              new RegistryEvent.ManifestPushed(
                  APP,
                  DIGEST,
                  "application/vnd.oci.image.manifest.v1+json",
                  512,
                  Optional.of(Tag.parse("latest")),
                  Optional.of("alice"),
                  1),
              new RegistryEvent.TagDeleted(APP, Tag.parse("latest"), DIGEST, Optional.of("alice"), 2),
              new RegistryEvent.ManifestDeleted(
                  APP, DIGEST, List.of(Tag.parse("v1")), Optional.empty(), 3));

      database.jdbi().useTransaction(h -> events.forEach(event -> listener.changed(h, event)));
      listener.pulled(
          new RegistryEvent.ManifestPulled(
              APP, DIGEST, "application/vnd.oci.image.manifest.v1+json", Optional.empty(),
              Optional.of("bob"), 4));

      List<AuditEvent> recorded = audit.search(AuditFilter.ALL, 0, 10).events();
      assertThat(recorded.stream().map(AuditEvent::action))
          .containsExactlyInAnyOrder(
              AuditActions.MANIFEST_PUSH, AuditActions.TAG_DELETE, AuditActions.MANIFEST_DELETE);
      AuditEvent push = only(recorded, AuditActions.MANIFEST_PUSH);
      assertThat(push.entry().targetName()).isEqualTo("acme/app@" + DIGEST);
      assertThat(push.entry().namespace()).isEqualTo("acme");
      assertThat(push.entry().actor()).isEqualTo(AuditActor.user("alice"));
      assertThat(push.entry().details()).containsEntry("tag", "latest").containsEntry("size", "512");
      assertThat(only(recorded, AuditActions.TAG_DELETE).entry().targetName())
          .isEqualTo("acme/app:latest");
      AuditEvent deleted = only(recorded, AuditActions.MANIFEST_DELETE);
      assertThat(deleted.entry().actor()).isEqualTo(AuditActor.anonymous());
      assertThat(deleted.entry().details()).containsEntry("tags", "v1");
    }
  }

  private static AuditEvent only(List<AuditEvent> events, String action) {
    return events.stream().filter(e -> e.action().equals(action)).findFirst().orElseThrow();
  }
}
