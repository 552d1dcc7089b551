package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The permission matrix: every kind of principal against pull, push and delete on public, private
 * and missing repositories, on SQLite and PostgreSQL alike.
 */
class RepositoryAuthorizerTest {

  /** Whether each repository exists and is private; names not listed do not exist. */
  private static final Map<String, Boolean> REPOSITORIES =
      Map.of(
          "acme/public", false,
          "acme/private", true,
          "alice/public", false,
          "alice/private", true);

  /**
   * Expected actions per principal and repository, where "-" means no actions. Owen owns the acme
   * organization. Rita, will and adam are in teams with read, write and admin on all three acme
   * repositories. Mona is a member without a team. Dora was in the admin team and is disabled.
   */
  private static final String ACME_MATRIX =
      """
      principal          | acme/public       | acme/private      | acme/missing
      anonymous          | pull              | -                 | -
      owen (org owner)   | pull,push,delete  | pull,push,delete  | pull,push,delete
      rita (team read)   | pull              | pull              | -
      will (team write)  | pull,push         | pull,push         | pull,push
      adam (team admin)  | pull,push,delete  | pull,push,delete  | pull,push,delete
      mona (no team)     | pull              | -                 | -
      otto (outsider)    | pull              | -                 | -
      alice (outsider)   | pull              | -                 | -
      boss (admin)       | pull,push,delete  | pull,push,delete  | pull,push,delete
      dora (disabled)    | -                 | -                 | -
      acme oat write     | pull,push         | pull,push         | pull,push
      acme oat admin     | pull,push,delete  | pull,push,delete  | pull,push,delete
      acme oat private   | pull              | pull              | -
      acme oat public    | pull              | -                 | -
      alice pat admin    | pull              | -                 | -
      boss pat read      | pull              | pull              | pull
      will pat read      | pull              | pull              | pull
      rita pat admin     | pull              | pull              | -
      """;

  /** Personal tokens of alice: one per scope, one limited to alice/private, expired, revoked. */
  private static final String ALICE_MATRIX =
      """
      principal           | alice/public      | alice/private     | alice/missing
      anonymous           | pull              | -                 | -
      alice (namespace)   | pull,push,delete  | pull,push,delete  | pull,push,delete
      otto (outsider)     | pull              | -                 | -
      owen (org owner)    | pull              | -                 | -
      boss (admin)        | pull,push,delete  | pull,push,delete  | pull,push,delete
      alice pat public    | pull              | -                 | -
      alice pat read      | pull              | pull              | pull
      alice pat write     | pull,push         | pull,push         | pull,push
      alice pat admin     | pull,push,delete  | pull,push,delete  | pull,push,delete
      alice pat private   | pull              | pull,push         | -
      alice pat expired   | -                 | -                 | -
      alice pat revoked   | -                 | -                 | -
      dora pat admin      | -                 | -                 | -
      acme oat write      | pull              | -                 | -
      """;

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void allowedActions_permissionMatrix(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Map<String, Principal> principals = setUp(auth);
      Authorizer authorizer =
          auth.accounts.authorizer(name -> Optional.ofNullable(REPOSITORIES.get(name.value())));

      SoftAssertions softly = new SoftAssertions();
      for (String matrix : List.of(ACME_MATRIX, ALICE_MATRIX)) {
        List<String[]> rows = matrix.lines().map(line -> line.split("\\|")).toList();
        String[] header = rows.getFirst();
        for (String[] row : rows.subList(1, rows.size())) {
          String label = row[0].strip();
          Principal principal = principals.get(label);
          assertThat(principal).as("principal %s", label).isNotNull();
          for (int column = 1; column < header.length; column++) {
            RepositoryName repository = RepositoryName.parse(header[column].strip());
            softly
                .assertThat(authorizer.allowedActions(principal, repository))
                .as("%s on %s", label, repository)
                .isEqualTo(actions(row[column]));
          }
        }
      }
      softly.assertAll();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void mayListCatalog_anonymousAndActiveOnly(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Map<String, Principal> principals = setUp(auth);
      Authorizer authorizer = auth.accounts.authorizer(name -> Optional.empty());

      assertThat(authorizer.mayListCatalog(principals.get("anonymous"))).isTrue();
      assertThat(authorizer.mayListCatalog(principals.get("otto (outsider)"))).isTrue();
      assertThat(authorizer.mayListCatalog(principals.get("alice pat public"))).isTrue();
      assertThat(authorizer.mayListCatalog(principals.get("acme oat write"))).isTrue();
      assertThat(authorizer.mayListCatalog(principals.get("dora (disabled)"))).isFalse();
      assertThat(authorizer.mayListCatalog(principals.get("dora pat admin"))).isFalse();
      assertThat(authorizer.mayListCatalog(principals.get("alice pat expired"))).isFalse();
      assertThat(authorizer.mayListCatalog(principals.get("alice pat revoked"))).isFalse();
      assertThat(authorizer.mayListCatalog(new Principal.User("ghost", false))).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void allowedActions_repositoryScopes_eachRepositoryOwnScope(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User owen = auth.user("owen");
      Principal.User alice = auth.user("alice");
      auth.accounts.accountService().createOrganization(owen, "acme");
      AccessTokenService tokens = auth.accounts.accessTokens();
      Map<RepositoryName, TokenScope> scopes =
          Map.of(
              RepositoryName.parse("acme/app"), TokenScope.WRITE,
              RepositoryName.parse("acme/web"), TokenScope.READ);
      Principal organizationToken =
          principal(
              auth,
              tokens.createOrganizationToken(
                  owen, "acme", "deploy", TokenScope.WRITE, Set.of(), scopes, Optional.empty()));
      Principal personalToken =
          principal(
              auth,
              tokens.createPersonalToken(
                  alice,
                  "read private",
                  TokenScope.READ,
                  Set.of(),
                  Map.of(RepositoryName.parse("alice/private"), TokenScope.READ),
                  Optional.empty()));
      Map<String, Boolean> existing =
          Map.of(
              "acme/app", true,
              "acme/web", true,
              "acme/other", true,
              "acme/public", false,
              "alice/private", true,
              "alice/public", false);
      Authorizer authorizer =
          auth.accounts.authorizer(name -> Optional.ofNullable(existing.get(name.value())));

      assertThat(allowed(authorizer, organizationToken, "acme/app"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH));
      assertThat(allowed(authorizer, organizationToken, "acme/web"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL));
      assertThat(allowed(authorizer, organizationToken, "acme/other")).isEmpty();
      assertThat(allowed(authorizer, organizationToken, "acme/missing")).isEmpty();
      assertThat(allowed(authorizer, organizationToken, "acme/public"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL));
      assertThat(allowed(authorizer, personalToken, "alice/private"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL));
      assertThat(allowed(authorizer, personalToken, "alice/other")).isEmpty();
      assertThat(allowed(authorizer, personalToken, "alice/public"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void allowedActions_repositoryScopeOnMissing_pushCreates(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User owen = auth.user("owen");
      auth.accounts.accountService().createOrganization(owen, "acme");
      Map<RepositoryName, TokenScope> scopes =
          Map.of(
              RepositoryName.parse("acme/new"), TokenScope.ADMIN,
              RepositoryName.parse("acme/later"), TokenScope.READ);
      Principal token =
          principal(
              auth,
              auth.accounts
                  .accessTokens()
                  .createOrganizationToken(
                      owen, "acme", "create", TokenScope.ADMIN, Set.of(), scopes, Optional.empty()));
      Authorizer authorizer = auth.accounts.authorizer(name -> Optional.empty());

      assertThat(allowed(authorizer, token, "acme/new"))
          .isEqualTo(
              EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH, RepositoryAction.DELETE));
      // A read scope allows a pull of a missing repository, as for "boss pat read" in the matrix.
      assertThat(allowed(authorizer, token, "acme/later"))
          .isEqualTo(EnumSet.of(RepositoryAction.PULL));
      assertThat(allowed(authorizer, token, "acme/unlisted")).isEmpty();
    }
  }

  private static Set<RepositoryAction> allowed(
      Authorizer authorizer, Principal principal, String repository) {
    return authorizer.allowedActions(principal, RepositoryName.parse(repository));
  }

  /** Creates the accounts, teams and tokens the matrices name, and returns their principals. */
  private static Map<String, Principal> setUp(AuthHarness auth) {
    AccountService accounts = auth.accounts.accountService();
    TeamService teams = auth.accounts.teams();
    AccessTokenService tokens = auth.accounts.accessTokens();
    Map<String, Principal> principals = new LinkedHashMap<>();
    principals.put("anonymous", new Principal.Anonymous());

    Principal.User boss = auth.administrator("boss");
    Principal.User owen = auth.user("owen");
    Principal.User alice = auth.user("alice");
    principals.put("boss (admin)", boss);
    principals.put("owen (org owner)", owen);
    principals.put("alice (outsider)", alice);
    principals.put("alice (namespace)", alice);
    for (String name : List.of("rita", "will", "adam", "mona", "otto", "dora")) {
      auth.user(name);
    }
    principals.put("rita (team read)", new Principal.User("rita", false));
    principals.put("will (team write)", new Principal.User("will", false));
    principals.put("adam (team admin)", new Principal.User("adam", false));
    principals.put("mona (no team)", new Principal.User("mona", false));
    principals.put("otto (outsider)", new Principal.User("otto", false));
    principals.put("dora (disabled)", new Principal.User("dora", false));

    accounts.createOrganization(owen, "acme");
    accounts.setMember(owen, "acme", "mona", OrganizationRole.MEMBER);
    Map<String, RepositoryPermission> teamPermissions =
        Map.of(
            "readers", RepositoryPermission.READ,
            "writers", RepositoryPermission.WRITE,
            "admins", RepositoryPermission.ADMIN);
    Map<String, List<String>> teamMembers =
        Map.of(
            "readers",
            List.of("rita"),
            "writers",
            List.of("will"),
            "admins",
            List.of("adam", "dora"));
    for (var team : teamPermissions.entrySet()) {
      teams.createTeam(owen, "acme", team.getKey(), "");
      for (String repository : List.of("acme/public", "acme/private", "acme/missing")) {
        teams.setTeamPermission(
            owen, "acme", team.getKey(), RepositoryName.parse(repository), team.getValue());
      }
      for (String member : teamMembers.get(team.getKey())) {
        teams.addTeamMember(owen, "acme", team.getKey(), member);
      }
    }

    principals.put("alice pat public", personal(auth, alice, TokenScope.PUBLIC_READ, Set.of()));
    principals.put("alice pat read", personal(auth, alice, TokenScope.READ, Set.of()));
    principals.put("alice pat write", personal(auth, alice, TokenScope.WRITE, Set.of()));
    principals.put("alice pat admin", personal(auth, alice, TokenScope.ADMIN, Set.of()));
    principals.put(
        "alice pat private",
        personal(auth, alice, TokenScope.WRITE, Set.of(RepositoryName.parse("alice/private"))));
    principals.put("boss pat read", personal(auth, boss, TokenScope.READ, Set.of()));
    principals.put(
        "will pat read",
        personal(auth, new Principal.User("will", false), TokenScope.READ, Set.of()));
    principals.put(
        "rita pat admin",
        personal(auth, new Principal.User("rita", false), TokenScope.ADMIN, Set.of()));
    principals.put(
        "dora pat admin",
        personal(auth, new Principal.User("dora", false), TokenScope.ADMIN, Set.of()));
    principals.put("acme oat write", organization(auth, owen, TokenScope.WRITE, Set.of()));
    principals.put("acme oat admin", organization(auth, owen, TokenScope.ADMIN, Set.of()));
    principals.put("acme oat public", organization(auth, owen, TokenScope.PUBLIC_READ, Set.of()));
    principals.put(
        "acme oat private",
        organization(auth, owen, TokenScope.READ, Set.of(RepositoryName.parse("acme/private"))));

    NewAccessToken expiring =
        tokens.createPersonalToken(
            alice,
            "expiring",
            TokenScope.ADMIN,
            Set.of(),
            Optional.of(auth.clock.instant().plus(Duration.ofHours(1))));
    principals.put("alice pat expired", principal(auth, expiring));
    NewAccessToken revoked =
        tokens.createPersonalToken(alice, "revoked", TokenScope.ADMIN, Set.of(), Optional.empty());
    principals.put("alice pat revoked", principal(auth, revoked));
    tokens.revoke(alice, revoked.token().id());

    // Principals were built before these changes, as a token service's would have been.
    accounts.setDisabled(boss, "dora", true);
    auth.clock.set(Instant.parse("2026-01-01T01:00:00Z"));
    return principals;
  }

  private static Principal personal(
      AuthHarness auth, Principal.User owner, TokenScope scope, Set<RepositoryName> repositories) {
    NewAccessToken created =
        auth.accounts
            .accessTokens()
            .createPersonalToken(owner, scope.wireName(), scope, repositories, Optional.empty());
    return principal(auth, created);
  }

  private static Principal organization(
      AuthHarness auth, Principal.User owner, TokenScope scope, Set<RepositoryName> repositories) {
    NewAccessToken created =
        auth.accounts
            .accessTokens()
            .createOrganizationToken(
                owner, "acme", scope.wireName(), scope, repositories, Optional.empty());
    return principal(auth, created);
  }

  private static Principal principal(AuthHarness auth, NewAccessToken created) {
    try {
      return auth.accounts
          .accessTokens()
          .authenticate(created.secret(), AuthHarness.address("127.0.0.1"));
    } catch (AuthenticationException e) {
      throw new AssertionError("a new token must authenticate", e);
    }
  }

  private static Set<RepositoryAction> actions(String cell) {
    String text = cell.strip();
    EnumSet<RepositoryAction> actions = EnumSet.noneOf(RepositoryAction.class);
    if (!text.equals("-")) {
      Arrays.stream(text.split(","))
          .map(name -> RepositoryAction.fromWireName(name).orElseThrow())
          .forEach(actions::add);
    }
    return actions;
  }
}
