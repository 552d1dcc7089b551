package dev.berth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs recording, filtering and paging of the audit log on SQLite and PostgreSQL. */
class AuditLogTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void record_storesEveryField(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      AuditLog audit = logAt(database, START);

      AuditOrigin.call(
          "192.0.2.7",
          () -> {
            audit.record(
                AuditEntry.of(AuditActions.SIGN_IN, AuditActor.user("alice"), "user", "alice")
                    .inNamespace("alice")
                    .failed()
                    .with("reason", "invalid_credentials"));
            return null;
          });

      AuditEvent event = audit.search(AuditFilter.ALL, 0, 10).events().get(0);
      assertThat(event.time()).isEqualTo(START);
      assertThat(event.clientAddress()).isEqualTo("192.0.2.7");
      assertThat(event.entry().actor()).isEqualTo(AuditActor.user("alice"));
      assertThat(event.entry().action()).isEqualTo(AuditActions.SIGN_IN);
      assertThat(event.entry().targetKind()).isEqualTo("user");
      assertThat(event.entry().targetName()).isEqualTo("alice");
      assertThat(event.entry().namespace()).isEqualTo("alice");
      assertThat(event.entry().outcome()).isEqualTo(AuditOutcome.FAILURE);
      assertThat(event.entry().details()).isEqualTo(Map.of("reason", "invalid_credentials"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void record_userThroughAccessToken_isTokenActor(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      AuditLog audit = logAt(database, START);

      AuditOrigin.call(
          "198.51.100.1",
          () -> {
            AuditOrigin.useAccessToken("token-1");
            audit.record(
                AuditEntry.of(AuditActions.TEAM_CREATE, AuditActor.user("bob"), "team", "acme/x"));
            return null;
          });

      AuditEvent event = audit.search(AuditFilter.ALL, 0, 10).events().get(0);
      assertThat(event.entry().actor()).isEqualTo(AuditActor.token("bob"));
      assertThat(event.entry().details()).containsEntry("access_token_id", "token-1");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void search_filtersByEachField(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      record(database, 0, AuditActions.REPOSITORY_CREATE, "alice", "acme/app", "acme");
      record(database, 1, AuditActions.MANIFEST_PUSH, "alice", "acme/app@sha256:aa", "acme");
      record(database, 2, AuditActions.MANIFEST_PUSH, "bob", "bob/tool@sha256:bb", "bob");
      record(database, 3, AuditActions.SIGN_IN, "bob", "bob", "bob");
      AuditLog audit = logAt(database, START);

      assertThat(actions(audit, filter("alice", null, null, null, null, null)))
          .containsExactly(AuditActions.MANIFEST_PUSH, AuditActions.REPOSITORY_CREATE);
      assertThat(targets(audit, filter(null, AuditActions.MANIFEST_PUSH, null, null, null, null)))
          .containsExactly("bob/tool@sha256:bb", "acme/app@sha256:aa");
      assertThat(targets(audit, filter(null, null, "acme", null, null, null)))
          .containsExactly("acme/app@sha256:aa", "acme/app");
      assertThat(targets(audit, filter(null, null, null, "acme/app", null, null)))
          .containsExactly("acme/app");
      assertThat(actions(audit, filter(null, null, null, null, minutes(1), minutes(3))))
          .as("since is inclusive, until exclusive")
          .containsExactly(AuditActions.MANIFEST_PUSH, AuditActions.MANIFEST_PUSH);
      assertThat(actions(audit, filter("bob", AuditActions.SIGN_IN, "bob", null, null, null)))
          .containsExactly(AuditActions.SIGN_IN);
      assertThat(audit.search(filter("carol", null, null, null, null, null), 0, 10).total())
          .isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void search_pagesNewestFirst(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      for (int i = 0; i < 5; i++) {
        record(database, i, AuditActions.TEAM_CREATE, "alice", "acme/team" + i, "acme");
      }
      AuditLog audit = logAt(database, START);

      AuditEvents first = audit.search(AuditFilter.ALL, 0, 2);
      AuditEvents last = audit.search(AuditFilter.ALL, 4, 2);

      assertThat(first.total()).isEqualTo(5);
      assertThat(first.events().stream().map(e -> e.entry().targetName()))
          .containsExactly("acme/team4", "acme/team3");
      assertThat(last.events().stream().map(e -> e.entry().targetName()))
          .containsExactly("acme/team0");
      assertThatThrownBy(() -> audit.search(AuditFilter.ALL, 0, AuditLog.MAX_PAGE_SIZE + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("101");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void record_insideRolledBackTransaction_leavesNoEvent(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      AuditLog audit = logAt(database, START);

      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useTransaction(
                          h -> {
                            audit.record(
                                h,
                                AuditEntry.of(
                                    AuditActions.TAG_DELETE,
                                    AuditActor.user("alice"),
                                    "tag",
                                    "acme/app:1"));
                            throw new IllegalStateException("the change failed");
                          }))
          .isInstanceOf(IllegalStateException.class);

      assertThat(audit.search(AuditFilter.ALL, 0, 10).total()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void entry_secretDetailKey_isRejected(Dialect dialect) {
    AuditEntry entry =
        AuditEntry.of(AuditActions.USER_CREATE, AuditActor.user("admin"), "user", "alice");

    for (String key : List.of("password", "new_password", "secret", "totp_code", "Secret")) {
      assertThatThrownBy(() -> entry.with(key, "x"))
          .as(key + " on " + dialect)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
  }

  private static AuditLog logAt(Database database, Instant time) {
    return new AuditLog(database, Clock.fixed(time, ZoneOffset.UTC));
  }

  private static void record(
      Database database, int minute, String action, String actor, String target, String namespace) {
    logAt(database, minutes(minute))
        .record(AuditEntry.of(action, AuditActor.user(actor), "x", target).inNamespace(namespace));
  }

  private static Instant minutes(int minute) {
    return START.plusSeconds(60L * minute);
  }

  private static AuditFilter filter(
      String actor, String action, String namespace, String target, Instant since, Instant until) {
    return new AuditFilter(
        Optional.ofNullable(actor),
        Optional.ofNullable(action),
        Optional.ofNullable(namespace),
        Optional.ofNullable(target),
        Optional.ofNullable(since),
        Optional.ofNullable(until));
  }

  private static List<String> actions(AuditLog audit, AuditFilter filter) {
    return audit.search(filter, 0, 100).events().stream().map(AuditEvent::action).toList();
  }

  private static List<String> targets(AuditLog audit, AuditFilter filter) {
    return audit.search(filter, 0, 100).events().stream()
        .map(e -> e.entry().targetName())
        .toList();
  }
}
