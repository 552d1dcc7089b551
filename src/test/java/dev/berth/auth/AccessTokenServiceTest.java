package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs access tokens on SQLite and PostgreSQL alike. */
class AccessTokenServiceTest {

  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");
  private static final InetAddress OTHER_CLIENT = AuthHarness.address("2001:db8::5");
  private static final RepositoryName APP = RepositoryName.parse("acme/app");
  private static final RepositoryName WEB = RepositoryName.parse("acme/web");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createPersonalToken_secretShownOnceStoredHashed(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");

      NewAccessToken created =
          tokens.createPersonalToken(alice, "laptop", TokenScope.WRITE, Set.of(), Optional.empty());

      assertThat(created.secret()).matches("bth_pat_[0-9A-Za-z]{43}");
      assertThat(created.toString()).doesNotContain(created.secret().substring(8));
      assertThat(created.token().owner()).isEqualTo("alice");
      assertThat(created.token().ownerKind()).isEqualTo(Principal.OwnerKind.USER);
      assertThat(created.token().createdBy()).isEqualTo("alice");
      Map<String, Object> row =
          auth.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT * FROM access_tokens WHERE id = :id")
                          .bind("id", created.token().id())
                          .mapToMap()
                          .one());
      assertThat(row.get("secret_hash")).isEqualTo(Secrets.sha256Hex(created.secret()));
      assertThat(row.values())
          .allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(created.secret()));
      assertThat(tokens.personalTokens(alice)).containsExactly(created.token());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_validToken_principalAndLastUse(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      NewAccessToken created =
          tokens.createPersonalToken(
              alice,
              "ci",
              TokenScope.READ,
              Set.of(APP),
              Optional.of(Instant.parse("2027-01-01T00:00:00Z")));

      Principal.Token principal = tokens.authenticate(created.secret(), CLIENT);

      assertThat(principal)
          .isEqualTo(
              new Principal.Token(
                  created.token().id(),
                  "alice",
                  Principal.OwnerKind.USER,
                  TokenScope.READ,
                  Set.of(APP),
                  Map.of(),
                  false));
      AccessToken listed = tokens.personalTokens(alice).getFirst();
      assertThat(listed.lastUsedAt()).contains(auth.clock.instant());
      assertThat(listed.lastUsedAddress()).contains("192.0.2.10");
      assertThat(listed.repositories()).containsExactly(APP);

      auth.clock.advance(Duration.ofSeconds(30));
      tokens.authenticate(created.secret(), OTHER_CLIENT);
      assertThat(tokens.personalTokens(alice).getFirst().lastUsedAddress()).contains("192.0.2.10");

      auth.clock.advance(Duration.ofSeconds(31));
      tokens.authenticate(created.secret(), OTHER_CLIENT);
      AccessToken later = tokens.personalTokens(alice).getFirst();
      assertThat(later.lastUsedAt()).contains(auth.clock.instant());
      assertThat(later.lastUsedAddress()).contains("2001:db8:0:0:0:0:0:5");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_revokedExpiredOrUnknown_invalid(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      NewAccessToken revoked =
          tokens.createPersonalToken(alice, "old", TokenScope.READ, Set.of(), Optional.empty());
      NewAccessToken expiring =
          tokens.createPersonalToken(
              alice,
              "short",
              TokenScope.READ,
              Set.of(),
              Optional.of(auth.clock.instant().plusSeconds(60)));
      tokens.revoke(alice, revoked.token().id());

      auth.clock.advance(Duration.ofSeconds(60));

      for (String secret : new String[] {revoked.secret(), expiring.secret(), "bth_pat_nope"}) {
        assertThatThrownBy(() -> tokens.authenticate(secret, CLIENT))
            .isInstanceOfSatisfying(
                AuthenticationException.class,
                e ->
                    assertThat(e.reason())
                        .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
            .hasMessage("access token is invalid, expired or revoked");
      }
      AccessToken listed =
          tokens.personalTokens(alice).stream()
              .filter(token -> token.id().equals(revoked.token().id()))
              .findFirst()
              .orElseThrow();
      assertThat(listed.revokedAt()).isPresent();
      assertThat(listed.isActive(auth.clock.instant())).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_disabledOwner_disabled(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User root = auth.administrator("boss");
      Principal.User alice = auth.user("alice");
      NewAccessToken created =
          tokens.createPersonalToken(alice, "ci", TokenScope.ADMIN, Set.of(), Optional.empty());

      auth.accounts.accountService().setDisabled(root, "alice", true);

      assertThatThrownBy(() -> tokens.authenticate(created.secret(), CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.DISABLED));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createOrganizationToken_ownersOnly(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      auth.accounts.accountService().createOrganization(alice, "acme");
      auth.accounts.accountService().setMember(alice, "acme", "bob1", OrganizationRole.MEMBER);

      NewAccessToken created =
          tokens.createOrganizationToken(
              alice, "acme", "deploy", TokenScope.READ, Set.of(APP), Optional.empty());

      assertThat(created.secret()).startsWith("bth_oat_");
      assertThat(created.token().owner()).isEqualTo("acme");
      assertThat(created.token().createdBy()).isEqualTo("alice");
      assertThat(tokens.authenticate(created.secret(), CLIENT).ownerKind())
          .isEqualTo(Principal.OwnerKind.ORGANIZATION);
      assertThat(tokens.organizationTokens(alice, "acme"))
          .extracting(AccessToken::id)
          .containsExactly(created.token().id());
      assertThatThrownBy(
              () ->
                  tokens.createOrganizationToken(
                      bob, "acme", "mine", TokenScope.READ, Set.of(), Optional.empty()))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN));
      assertThatThrownBy(() -> tokens.organizationTokens(bob, "acme"))
          .isInstanceOf(AccountException.class);
      assertThatThrownBy(() -> tokens.revoke(bob, created.token().id()))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.NOT_FOUND));
      assertThatThrownBy(
              () ->
                  tokens.createOrganizationToken(
                      alice,
                      "acme",
                      "wide",
                      TokenScope.READ,
                      Set.of(RepositoryName.parse("alice/app")),
                      Optional.empty()))
          .hasMessageStartingWith("repository alice/app is outside organization acme");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void revoke_othersTokens_onlyByAdministrator(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User root = auth.administrator("boss");
      Principal.User alice = auth.user("alice");
      Principal.User carol = auth.user("carol");
      NewAccessToken created =
          tokens.createPersonalToken(alice, "ci", TokenScope.READ, Set.of(), Optional.empty());
      String id = created.token().id();

      assertThatThrownBy(() -> tokens.revoke(carol, id))
          .hasMessage("access token " + id + " not found");
      tokens.revoke(root, id);
      Instant revokedAt = tokens.personalTokens(alice).getFirst().revokedAt().orElseThrow();
      auth.clock.advance(Duration.ofMinutes(1));
      tokens.revoke(alice, id);

      assertThat(tokens.personalTokens(alice).getFirst().revokedAt()).contains(revokedAt);
      assertThat(tokens.personalTokens(carol)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createPersonalToken_badInput_invalid(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      Optional<Instant> past = Optional.of(auth.clock.instant());

      assertThatThrownBy(
              () ->
                  tokens.createPersonalToken(
                      alice, " ", TokenScope.READ, Set.of(), Optional.empty()))
          .hasMessage("token name must be 1 to 100 characters and not blank");
      assertThatThrownBy(
              () ->
                  tokens.createPersonalToken(
                      alice, "a\u0007b", TokenScope.READ, Set.of(), Optional.empty()))
          .hasMessage("token name contains control characters; use printable text");
      assertThatThrownBy(
              () -> tokens.createPersonalToken(alice, "ci", TokenScope.READ, Set.of(), past))
          .hasMessage(
              "token expiry 2026-01-01T00:00:00Z is not in the future; choose a later time");
      assertThat(tokens.personalTokens(alice)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createOrganizationToken_repositoryScopes_storedAndAuthenticated(Dialect dialect)
      throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      auth.accounts.accountService().createOrganization(alice, "acme");
      Map<RepositoryName, TokenScope> scopes = Map.of(APP, TokenScope.WRITE, WEB, TokenScope.READ);

      NewAccessToken created =
          tokens.createOrganizationToken(
              alice, "acme", "deploy", TokenScope.WRITE, Set.of(), scopes, Optional.empty());

      assertThat(created.token().repositoryScopes()).isEqualTo(scopes);
      assertThat(created.token().repositories()).isEmpty();
      assertThat(tokens.organizationTokens(alice, "acme")).containsExactly(created.token());
      Principal.Token principal = tokens.authenticate(created.secret(), CLIENT);
      assertThat(principal.repositoryScopes()).isEqualTo(scopes);
      assertThat(principal.scope()).isEqualTo(TokenScope.WRITE);
      Map<String, Object> row =
          auth.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT repositories, repository_scopes FROM access_tokens"
                                  + " WHERE id = :id")
                          .bind("id", created.token().id())
                          .mapToMap()
                          .one());
      assertThat(row.get("repositories")).isNull();
      assertThat(row.get("repository_scopes"))
          .isEqualTo("{\"acme/app\":\"repo:write\",\"acme/web\":\"repo:read\"}");

      NewAccessToken plain =
          tokens.createOrganizationToken(
              alice, "acme", "plain", TokenScope.READ, Set.of(APP), Optional.empty());
      assertThat(tokens.authenticate(plain.secret(), CLIENT).repositoryScopes()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createToken_badRepositoryScopes_invalid(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccessTokenService tokens = auth.accounts.accessTokens();
      Principal.User alice = auth.user("alice");
      auth.accounts.accountService().createOrganization(alice, "acme");
      Map<RepositoryName, TokenScope> scopes = Map.of(APP, TokenScope.WRITE, WEB, TokenScope.READ);

      assertInvalid(
          () ->
              tokens.createOrganizationToken(
                  alice, "acme", "wide", TokenScope.ADMIN, Set.of(), scopes, Optional.empty()),
          "token scope repo:admin must equal the highest repository scope, repo:write;"
              + " set the token scope to repo:write");
      assertInvalid(
          () ->
              tokens.createOrganizationToken(
                  alice, "acme", "narrow", TokenScope.READ, Set.of(), scopes, Optional.empty()),
          "token scope repo:read must equal the highest repository scope, repo:write;"
              + " set the token scope to repo:write");
      assertInvalid(
          () ->
              tokens.createOrganizationToken(
                  alice, "acme", "both", TokenScope.WRITE, Set.of(APP), scopes, Optional.empty()),
          "a token takes a repository list or per-repository scopes, not both;"
              + " give each repository its scope in the repository scopes and leave the list"
              + " empty");
      assertInvalid(
          () ->
              tokens.createOrganizationToken(
                  alice,
                  "acme",
                  "public",
                  TokenScope.PUBLIC_READ,
                  Set.of(),
                  Map.of(APP, TokenScope.PUBLIC_READ),
                  Optional.empty()),
          "repository scope repo:public_read for acme/app grants nothing beyond public pulls;"
              + " use repo:read, repo:write or repo:admin, or leave the repository out");
      assertThatThrownBy(
              () ->
                  tokens.createOrganizationToken(
                      alice,
                      "acme",
                      "outside",
                      TokenScope.READ,
                      Set.of(),
                      Map.of(RepositoryName.parse("alice/app"), TokenScope.READ),
                      Optional.empty()))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID))
          .hasMessageStartingWith("repository alice/app is outside organization acme");
      assertInvalid(
          () ->
              tokens.createPersonalToken(
                  alice,
                  "personal",
                  TokenScope.ADMIN,
                  Set.of(),
                  Map.of(RepositoryName.parse("alice/app"), TokenScope.READ),
                  Optional.empty()),
          "token scope repo:admin must equal the highest repository scope, repo:read;"
              + " set the token scope to repo:read");
      assertThat(tokens.organizationTokens(alice, "acme")).isEmpty();
      assertThat(tokens.personalTokens(alice)).isEmpty();
    }
  }

  private static void assertInvalid(
      ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AccountException.class,
            e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID))
        .hasMessage(message);
  }
}
