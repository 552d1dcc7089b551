package dev.berth.registry;

import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_LAYER;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.auth.AccessTokenService;
import dev.berth.auth.Accounts;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryPermission;
import dev.berth.auth.TeamService;
import dev.berth.auth.TokenScope;
import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.TestImages.Ref;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Berth with authentication on, plus the accounts, access tokens and repositories that the auth
 * tests share. Accounts are created through {@link Accounts} over a second connection pool to the
 * server's database, the way another node or the command line would.
 *
 * <p>Users (password {@link #PASSWORD}): {@code owner1}, whose namespace contains {@link
 * #OWNER_PRIVATE} and {@link #OWNER_PUBLIC}; {@code orgowner}, owner of organization {@code acme};
 * {@code reader}, {@code writer} and {@code teamadm}, members of one team each with {@code read},
 * {@code write} and {@code admin} on every {@code acme/...} repository of {@link #REPOSITORIES};
 * {@code plainmem}, a member of {@code acme} in no team; {@code outsider}; and the administrator
 * {@code admin} (password {@link #ADMIN_PASSWORD}). Every repository of {@link #REPOSITORIES}
 * except the {@code missing} ones holds one image tagged {@code latest}. Not thread-safe to create
 * or close.
 */
final class AuthFixture implements AutoCloseable {

  static final String PASSWORD = "correct horse battery";
  static final String ADMIN_PASSWORD = "administrator password";
  static final String SERVICE = "berth-registry";

  static final String OWNER_PRIVATE = "owner1/private";
  static final String OWNER_PUBLIC = "owner1/public";
  static final String OWNER_MISSING = "owner1/missing";
  static final String ORG_PRIVATE = "acme/app";
  static final String ORG_PUBLIC = "acme/public";
  static final String ORG_MISSING = "acme/missing";

  /** The repositories of the permission matrix, in table order. */
  static final List<String> REPOSITORIES =
      List.of(OWNER_PRIVATE, OWNER_PUBLIC, OWNER_MISSING, ORG_PRIVATE, ORG_PUBLIC, ORG_MISSING);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Who sends a request: a user name with a password or access token, or no credentials.
   *
   * @param label the name tests print
   * @param username the Basic user name; empty for anonymous callers
   * @param secret the password or access token; empty for anonymous callers
   */
  record Actor(String label, Optional<String> username, Optional<String> secret) {

    static Actor anonymous() {
      return new Actor("anonymous", Optional.empty(), Optional.empty());
    }

    static Actor of(String label, String username, String secret) {
      return new Actor(label, Optional.of(username), Optional.of(secret));
    }

    /** Returns the request headers that present this actor's credentials as Basic auth. */
    String[] basicHeaders() {
      if (username.isEmpty()) {
        return new String[0];
      }
      return new String[] {"Authorization", basic(username.get(), secret.orElseThrow())};
    }

    @Override
    public String toString() {
      return label;
    }
  }

  final TestBerth berth;
  final Database database;
  final Accounts accounts;
  final Principal.User administrator = new Principal.User("admin", true);

  /** The actors by label, in the order of the permission matrix. */
  final Map<String, Actor> actors = new LinkedHashMap<>();

  /** The digest of the image tagged {@code latest} in each existing repository. */
  final Map<String, Digest> manifests = new LinkedHashMap<>();

  /** The digest of the one layer of each existing repository's image, unique per repository. */
  final Map<String, Digest> layers = new LinkedHashMap<>();

  private AuthFixture(TestBerth berth, Database database, Accounts accounts) {
    this.berth = berth;
    this.database = database;
    this.accounts = accounts;
  }

  /** Starts Berth on {@code dialect} with authentication on and creates the shared fixture. */
  static AuthFixture start(Dialect dialect) throws Exception {
    TestBerth berth =
        TestBerth.start(
            dialect,
            config ->
                config.withAuth(
                    AuthConfig.defaults()
                        .withAdminPassword(Optional.of(new Secret(ADMIN_PASSWORD)))));
    AuthFixture fixture;
    try {
      Database database = Database.open(berth.databaseSettings());
      fixture =
          new AuthFixture(
              berth, database, new Accounts(database, Clock.systemUTC(), new SecureRandom()));
    } catch (RuntimeException e) {
      berth.close();
      throw e;
    }
    try {
      fixture.createAccounts();
      fixture.createRepositories();
    } catch (Exception | AssertionError e) {
      fixture.close();
      throw e;
    }
    return fixture;
  }

  private void createAccounts() {
    var service = accounts.accountService();
    for (String name :
        List.of("owner1", "orgowner", "reader", "writer", "teamadm", "plainmem", "outsider")) {
      service.createUser(new Principal.Anonymous(), name, name + "@example.com", PASSWORD);
    }
    Principal.User orgOwner = user("orgowner");
    service.createOrganization(orgOwner, "acme");
    service.setMember(orgOwner, "acme", "plainmem", OrganizationRole.MEMBER);
    TeamService teams = accounts.teams();
    Map<String, RepositoryPermission> teamOf =
        Map.of(
            "reader", RepositoryPermission.READ,
            "writer", RepositoryPermission.WRITE,
            "teamadm", RepositoryPermission.ADMIN);
    for (var member : teamOf.entrySet()) {
      String team = member.getKey() + "s";
      teams.createTeam(orgOwner, "acme", team, "");
      teams.addTeamMember(orgOwner, "acme", team, member.getKey());
      for (String repository : List.of(ORG_PRIVATE, ORG_PUBLIC, ORG_MISSING)) {
        teams.setTeamPermission(
            orgOwner, "acme", team, RepositoryName.parse(repository), member.getValue());
      }
    }

    AccessTokenService tokens = accounts.accessTokens();
    Principal.User owner = user("owner1");
    actors.put("anonymous", Actor.anonymous());
    actors.put("owner", Actor.of("owner", "owner1", PASSWORD));
    actors.put("org owner", Actor.of("org owner", "orgowner", PASSWORD));
    actors.put("team read", Actor.of("team read", "reader", PASSWORD));
    actors.put("team write", Actor.of("team write", "writer", PASSWORD));
    actors.put("team admin", Actor.of("team admin", "teamadm", PASSWORD));
    actors.put("org member", Actor.of("org member", "plainmem", PASSWORD));
    actors.put("outsider", Actor.of("outsider", "outsider", PASSWORD));
    actors.put("admin", Actor.of("admin", "admin", ADMIN_PASSWORD));
    for (TokenScope scope : TokenScope.values()) {
      String label = "owner token " + scope.wireName();
      actors.put(label, Actor.of(label, "owner1", personalToken(owner, scope, Set.of()).secret()));
    }
    actors.put(
        "owner token for " + OWNER_PRIVATE,
        Actor.of(
            "owner token for " + OWNER_PRIVATE,
            "owner1",
            personalToken(owner, TokenScope.ADMIN, Set.of(RepositoryName.parse(OWNER_PRIVATE)))
                .secret()));
    NewAccessToken organizationToken =
        tokens.createOrganizationToken(
            orgOwner, "acme", "ci", TokenScope.WRITE, Set.of(), Optional.empty());
    actors.put(
        "acme token repo:write",
        Actor.of("acme token repo:write", "acme", organizationToken.secret()));
  }

  /** Pushes one image into each existing repository and makes the public ones public. */
  private void createRepositories() {
    Actor admin = actors.get("admin");
    for (String repository : List.of(OWNER_PRIVATE, OWNER_PUBLIC, ORG_PRIVATE, ORG_PUBLIC)) {
      Image image = pushImage(admin, repository, "latest");
      manifests.put(repository, image.manifest());
      layers.put(repository, image.layer());
    }
    makePublic(OWNER_PUBLIC);
    makePublic(ORG_PUBLIC);
  }

  /**
   * The digests of an image this fixture pushed.
   *
   * @param manifest the manifest's digest
   * @param layer the digest of its one layer, whose bytes name the repository
   */
  record Image(Digest manifest, Digest layer) {}

  /**
   * Pushes an image whose layer bytes name {@code repository} and {@code tag} as {@code actor},
   * with Basic auth, asserting each step succeeds.
   */
  Image pushImage(Actor actor, String repository, String tag) {
    byte[] config = TestImages.content(repository + " config");
    byte[] layer = TestImages.content(repository + ":" + tag + " layer");
    pushBlob(actor, repository, config);
    Digest layerDigest = pushBlob(actor, repository, layer);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(Ref.of(OCI_LAYER, layer)));
    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/" + tag,
            manifest,
            with(actor.basicHeaders(), "Content-Type", OCI_MANIFEST));
    assertThat(response.statusCode())
        .as("manifest PUT %s:%s as %s: %s", repository, tag, actor, TestBerth.text(response))
        .isEqualTo(201);
    return new Image(Digest.sha256(manifest), layerDigest);
  }

  /** Uploads {@code content} in one request as {@code actor}, asserting a 201. */
  Digest pushBlob(Actor actor, String repository, byte[] content) {
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            content,
            with(actor.basicHeaders(), "Content-Type", "application/octet-stream"));
    assertThat(response.statusCode())
        .as("blob upload to %s as %s: %s", repository, actor, TestBerth.text(response))
        .isEqualTo(201);
    return digest;
  }

  /** Makes an existing repository public; the hub API for this does not exist yet. */
  void makePublic(String repository) {
    int updated =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createUpdate("UPDATE repositories SET is_private = FALSE WHERE name = :name")
                        .bind("name", repository)
                        .execute());
    assertThat(updated).as("repository %s exists", repository).isEqualTo(1);
  }

  /** Returns the principal of an existing user, as the auth room's services take it. */
  Principal.User user(String name) {
    boolean administrator = accounts.accountService().user(name).orElseThrow().administrator();
    return new Principal.User(name, administrator);
  }

  /** Creates a user with {@link #PASSWORD} and returns them as an actor. */
  Actor newUser(String name) {
    accounts
        .accountService()
        .createUser(new Principal.Anonymous(), name, name + "@example.com", PASSWORD);
    return Actor.of(name, name, PASSWORD);
  }

  /** Creates a personal access token of {@code owner} that never expires. */
  NewAccessToken personalToken(
      Principal.User owner, TokenScope scope, Set<RepositoryName> repositories) {
    return accounts
        .accessTokens()
        .createPersonalToken(
            owner, "test " + scope.wireName(), scope, repositories, Optional.empty());
  }

  /** Moves an access token's expiry into the past, which the service does not allow directly. */
  void expire(String tokenId) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE access_tokens SET expires_at = :past WHERE id = :id")
                    .bind("past", Instant.now().minusSeconds(60).toEpochMilli())
                    .bind("id", tokenId)
                    .execute());
  }

  /** Forgets failed logins, so tests that send wrong passwords do not lock later ones out. */
  void forgetFailedLogins() {
    database.jdbi().useHandle(h -> h.execute("DELETE FROM login_failures"));
  }

  /** Returns the token signing key file of the server. */
  Path signingKeyFile() {
    return BerthConfig.defaults(berth.dataDir()).signingKeyFile();
  }

  // Token service.

  /**
   * Requests a registry token with GET, as Docker does: Basic credentials of {@code actor} (none
   * for anonymous) and one {@code scope} parameter per scope.
   */
  HttpResponse<byte[]> requestToken(Actor actor, String... scopes) {
    StringBuilder query = new StringBuilder("/token?service=" + SERVICE);
    for (String scope : scopes) {
      query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    return berth.get(query.toString(), actor.basicHeaders());
  }

  /** Returns a registry token for {@code actor}, asserting the token service returned 200. */
  String token(Actor actor, String... scopes) {
    HttpResponse<byte[]> response = requestToken(actor, scopes);
    assertThat(response.statusCode())
        .as("token for %s: %s", actor, TestBerth.text(response))
        .isEqualTo(200);
    return json(response).get("token").asText();
  }

  /** Posts an OAuth2 form to {@code /token}; {@code fields} are name-value pairs. */
  HttpResponse<byte[]> postToken(String... fields) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return berth.post(
        "/token",
        String.join("&", pairs).getBytes(StandardCharsets.UTF_8),
        "Content-Type",
        "application/x-www-form-urlencoded");
  }

  /** Returns the {@code Authorization} header value for a bearer token. */
  static String bearer(String token) {
    return "Bearer " + token;
  }

  /** Returns the {@code Authorization} header value for Basic credentials. */
  static String basic(String username, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("response is not JSON: " + TestBerth.text(response), e);
    }
  }

  /** Returns {@code headers} followed by {@code more}, both name-value pairs. */
  static String[] with(String[] headers, String... more) {
    String[] all = new String[headers.length + more.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }

  @Override
  public void close() throws Exception {
    try {
      database.close();
    } finally {
      berth.close();
    }
  }
}
