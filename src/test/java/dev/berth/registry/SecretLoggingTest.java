package dev.berth.registry;

import static dev.berth.registry.AuthFixture.ADMIN_PASSWORD;
import static dev.berth.registry.AuthFixture.OWNER_PRIVATE;
import static dev.berth.registry.AuthFixture.OWNER_PUBLIC;
import static dev.berth.registry.AuthFixture.PASSWORD;
import static dev.berth.registry.AuthFixture.SERVICE;
import static dev.berth.registry.AuthFixture.basic;
import static dev.berth.registry.AuthFixture.bearer;
import static dev.berth.registry.AuthFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.auth.AccountAuthenticator;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.LoginResult;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.Principal;
import dev.berth.auth.TokenScope;
import dev.berth.auth.TotpEnrolment;
import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.AuthFixture.Actor;
import dev.berth.testing.LogCapture;
import dev.berth.testing.TotpCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a realistic authentication flow against a Berth in this JVM and checks what was logged or
 * printed meanwhile: Berth's events down to TRACE, the access log, and everything written to
 * standard output and standard error. No password, access token, JWT, refresh token, TOTP secret,
 * login ticket, recovery code or signing key may appear there.
 */
class SecretLoggingTest {

  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Secrets by a label that names their source, in the order they appeared. */
  private final Map<String, String> secrets = new LinkedHashMap<>();

  private AuthFixture fixture;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticationFlow_logsNoSecret(Dialect dialect) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    List<String> events;
    try (LogCapture capture = LogCapture.start()) {
      System.setOut(
          new PrintStream(new TeeStream(originalOut, printed), true, StandardCharsets.UTF_8));
      System.setErr(
          new PrintStream(new TeeStream(originalErr, printed), true, StandardCharsets.UTF_8));
      try {
        fixture = AuthFixture.start(dialect);
        try {
          runFlow();
        } finally {
          fixture.close();
        }
      } finally {
        System.setOut(originalOut);
        System.setErr(originalErr);
      }
      events = capture.renderedEvents();
    }

    List<String> lines = new ArrayList<>();
    events.forEach(event -> lines.addAll(event.lines().toList()));
    lines.addAll(printed.toString(StandardCharsets.UTF_8).lines().toList());

    // The capture must have seen the flow, or an empty log would pass.
    assertThat(lines).anyMatch(line -> line.contains("token request rejected"));
    assertThat(lines).anyMatch(line -> line.contains("basic credentials rejected on /v2/"));
    assertThat(lines).anyMatch(line -> line.contains("access token created"));
    assertThat(lines).anyMatch(line -> line.contains("two-factor authentication enabled"));
    assertThat(lines).anyMatch(line -> line.contains("\"GET /token?"));
    assertThat(secrets).hasSizeGreaterThan(30);
    for (var secret : secrets.entrySet()) {
      List<String> leaks = lines.stream().filter(line -> line.contains(secret.getValue())).toList();
      assertThat(leaks).as("log lines containing %s", secret.getKey()).isEmpty();
    }
  }

  private void runFlow() throws Exception {
    recordFixtureSecrets();
    basicAuthOnV2();
    dockerStyleTokenRequests();
    oauthGrants();
    accessTokenLifecycle();
    twoFactorEnrolmentAndLogin();
    passwordChanges();
  }

  private void recordFixtureSecrets() throws IOException {
    secret("password", PASSWORD);
    secret("administrator password", ADMIN_PASSWORD);
    for (Actor actor : fixture.actors.values()) {
      actor.secret().ifPresent(value -> secret("secret of " + actor, value));
      actor
          .username()
          .ifPresent(
              name ->
                  secret(
                      "Basic header of " + actor,
                      basic(name, actor.secret().orElseThrow()).substring("Basic ".length())));
    }
    JsonNode key = JSON.readTree(Files.readString(fixture.signingKeyFile()));
    secret("private part of the signing key", key.get("d").asText());
  }

  /** Sends Basic auth straight to {@code /v2/}, as simple clients do. */
  private void basicAuthOnV2() {
    Actor owner = fixture.actors.get("owner");
    assertThat(fixture.berth.get("/v2/", owner.basicHeaders()).statusCode()).isEqualTo(200);
    String wrong = secret("wrong password on /v2/", "correct horse battery!");
    assertThat(fixture.berth.get("/v2/", "Authorization", basic("owner1", wrong)).statusCode())
        .isEqualTo(401);
    String unknownUser = secret("password of an unknown user", "a password nobody has");
    assertThat(
            fixture
                .berth
                .get("/v2/", "Authorization", basic("nosuchuser", unknownUser))
                .statusCode())
        .isEqualTo(401);
    assertThat(fixture.berth.get("/v2/", "Authorization", "Basic !!not base64!!").statusCode())
        .isEqualTo(401);
    Actor token = fixture.actors.get("owner token repo:read");
    HttpResponse<byte[]> pull =
        fixture.berth.get("/v2/" + OWNER_PRIVATE + "/manifests/latest", token.basicHeaders());
    assertThat(pull.statusCode()).isEqualTo(200);
    fixture.forgetFailedLogins();
  }

  /**
   * Sends the token requests of {@code docker login}, {@code docker pull} and {@code docker push}.
   */
  private void dockerStyleTokenRequests() {
    Actor owner = fixture.actors.get("owner");
    HttpResponse<byte[]> login =
        fixture.berth.get(
            "/token?account=owner1&client_id=docker&offline_token=true&service=" + SERVICE,
            owner.basicHeaders());
    assertThat(login.statusCode()).isEqualTo(200);
    recordTokens("docker login", login);

    String scope = "repository:" + OWNER_PRIVATE + ":pull,push";
    HttpResponse<byte[]> push = fixture.requestToken(owner, scope);
    recordTokens("push token", push);
    String jwt = json(push).get("token").asText();
    assertThat(
            fixture
                .berth
                .get("/v2/" + OWNER_PRIVATE + "/tags/list", "Authorization", bearer(jwt))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            fixture
                .berth
                .get("/v2/" + OWNER_PRIVATE + "/tags/list", "Authorization", bearer(jwt + "x"))
                .statusCode())
        .isEqualTo(401);

    HttpResponse<byte[]> anonymous =
        fixture.requestToken(Actor.anonymous(), "repository:" + OWNER_PUBLIC + ":pull");
    recordTokens("anonymous token", anonymous);
    String wrong = secret("wrong password on /token", "Correct Horse Battery");
    assertThat(fixture.requestToken(Actor.of("wrong", "owner1", wrong), scope).statusCode())
        .isEqualTo(401);
    Actor pat = fixture.actors.get("owner token repo:write");
    HttpResponse<byte[]> withToken = fixture.requestToken(pat, scope);
    assertThat(withToken.statusCode()).isEqualTo(200);
    recordTokens("token from an access token", withToken);
    fixture.forgetFailedLogins();
  }

  /** Uses the OAuth2 form of {@code /token}, as containerd and podman do. */
  private void oauthGrants() {
    HttpResponse<byte[]> login =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "podman",
            "access_type",
            "offline",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull");
    assertThat(login.statusCode()).isEqualTo(200);
    recordTokens("password grant", login);
    String refresh = json(login).get("refresh_token").asText();

    HttpResponse<byte[]> refreshed =
        fixture.postToken(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "service",
            SERVICE,
            "client_id",
            "podman",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    recordTokens("refresh grant", refreshed);

    String tampered = refresh.substring(0, refresh.length() - 4) + "AAAA";
    secret("tampered refresh token", tampered);
    assertThat(
            fixture
                .postToken(
                    "grant_type", "refresh_token", "refresh_token", tampered, "service", SERVICE)
                .statusCode())
        .isEqualTo(401);
    String wrong = secret("wrong password in the password grant", "correct-horse-battery");
    assertThat(
            fixture
                .postToken(
                    "grant_type",
                    "password",
                    "username",
                    "owner1",
                    "password",
                    wrong,
                    "service",
                    SERVICE)
                .statusCode())
        .isEqualTo(401);
    fixture.forgetFailedLogins();
  }

  /** Creates, uses and revokes personal and organization access tokens. */
  private void accessTokenLifecycle() {
    Principal.User owner = fixture.user("owner1");
    NewAccessToken personal =
        fixture.personalToken(owner, TokenScope.WRITE, Set.of(RepositoryName.parse(OWNER_PRIVATE)));
    secretToken("new personal token", personal.secret());
    NewAccessToken organization =
        fixture
            .accounts
            .accessTokens()
            .createOrganizationToken(
                fixture.user("orgowner"),
                "acme",
                "deploy",
                TokenScope.READ,
                Set.of(),
                Optional.empty());
    secretToken("new organization token", organization.secret());

    Actor viaPersonal = Actor.of("personal", "owner1", personal.secret());
    recordTokens(
        "token from the new personal token",
        fixture.requestToken(viaPersonal, "repository:" + OWNER_PRIVATE + ":pull"));
    recordTokens(
        "token from the organization token",
        fixture.requestToken(
            Actor.of("organization", "acme", organization.secret()), "repository:acme/app:pull"));

    fixture.accounts.accessTokens().revoke(owner, personal.token().id());
    assertThat(fixture.requestToken(viaPersonal).statusCode()).isEqualTo(401);
    assertThat(fixture.berth.get("/v2/", viaPersonal.basicHeaders()).statusCode()).isEqualTo(401);
    assertThat(
            fixture
                .requestToken(Actor.of("wrong owner", "owner1", organization.secret()))
                .statusCode())
        .isEqualTo(401);
  }

  /**
   * Enrols TOTP, tries the rejected password login, and logs in in two steps with each code kind.
   */
  private void twoFactorEnrolmentAndLogin() throws Exception {
    Actor user = fixture.newUser("twofactor");
    Principal.User principal = fixture.user("twofactor");
    TotpEnrolment enrolment = fixture.accounts.twoFactor().enrol(principal);
    secret("TOTP secret", enrolment.secret());
    secret("otpauth URI", enrolment.uri());

    assertThatThrownBy(() -> fixture.accounts.twoFactor().confirm(principal, "000000", CLIENT))
        .isInstanceOf(AuthenticationException.class);
    List<String> recoveryCodes =
        fixture
            .accounts
            .twoFactor()
            .confirm(principal, TotpCodes.at(enrolment.secret(), Instant.now()), CLIENT);
    for (int i = 0; i < recoveryCodes.size(); i++) {
      secret("recovery code " + i, recoveryCodes.get(i));
      secret(
          "recovery code " + i + " without separators",
          recoveryCodes.get(i).replaceAll("[^a-z0-9]", ""));
    }

    HttpResponse<byte[]> rejected = fixture.requestToken(user, "repository:twofactor/app:pull");
    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(json(rejected).path("details").asText())
        .isEqualTo(
            "two-factor authentication is enabled for twofactor; create a personal access token"
                + " and use it as the password");
    assertThat(fixture.berth.get("/v2/", user.basicHeaders()).statusCode()).isEqualTo(401);
    NewAccessToken pat = fixture.personalToken(principal, TokenScope.WRITE, Set.of());
    secretToken("token of the two-factor user", pat.secret());
    HttpResponse<byte[]> withPat =
        fixture.requestToken(
            Actor.of("pat", "twofactor", pat.secret()), "repository:twofactor/app:pull,push");
    assertThat(withPat.statusCode()).isEqualTo(200);
    recordTokens("token of the two-factor user", withPat);

    AccountAuthenticator authenticator = fixture.accounts.authenticator();
    LoginResult first = authenticator.beginLogin("twofactor", PASSWORD, CLIENT);
    String ticket = ((LoginResult.SecondFactorRequired) first).ticket();
    secret("login ticket", ticket);
    assertThatThrownBy(() -> authenticator.completeLogin(ticket, "999999", CLIENT))
        .isInstanceOf(AuthenticationException.class);
    assertThat(authenticator.completeLogin(ticket, recoveryCodes.get(0), CLIENT).username())
        .isEqualTo("twofactor");

    LoginResult second = authenticator.beginLogin("twofactor", PASSWORD, CLIENT);
    String secondTicket = ((LoginResult.SecondFactorRequired) second).ticket();
    secret("second login ticket", secondTicket);
    assertThat(
            authenticator
                .completeLogin(
                    secondTicket, TotpCodes.next(enrolment.secret(), Instant.now()), CLIENT)
                .username())
        .isEqualTo("twofactor");
    fixture.forgetFailedLogins();
  }

  /**
   * Changes a password as its user, then resets it and disables the account as an administrator.
   */
  private void passwordChanges() throws Exception {
    fixture.newUser("changer");
    Principal.User changer = fixture.user("changer");
    String wrongCurrent = secret("wrong current password", "correct horse batter");
    String changed = secret("changed password", "a changed password 1");
    assertThatThrownBy(
            () ->
                fixture
                    .accounts
                    .accountService()
                    .changePassword(changer, wrongCurrent, changed, CLIENT))
        .isInstanceOf(AuthenticationException.class);
    fixture.accounts.accountService().changePassword(changer, PASSWORD, changed, CLIENT);
    assertThat(fixture.requestToken(Actor.of("changer", "changer", changed)).statusCode())
        .isEqualTo(200);

    String reset = secret("password reset by an administrator", "a reset password 2");
    fixture.accounts.accountService().resetPassword(fixture.administrator, "changer", reset);
    String tooShort = secret("rejected short password", "short1");
    assertThatThrownBy(
            () ->
                fixture
                    .accounts
                    .accountService()
                    .resetPassword(fixture.administrator, "changer", tooShort))
        .hasMessageNotContaining(tooShort);
    fixture.accounts.accountService().setDisabled(fixture.administrator, "changer", true);
    assertThat(fixture.requestToken(Actor.of("changer", "changer", reset)).statusCode())
        .isEqualTo(401);
    assertThat(fixture.berth.get("/v2/", "Authorization", basic("changer", reset)).statusCode())
        .isEqualTo(401);
    fixture.forgetFailedLogins();
  }

  /** Records the JWTs of a token response, whole and their signatures alone. */
  private void recordTokens(String label, HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as("%s: %s", label, TestBerth.text(response)).isEqualTo(200);
    JsonNode body = json(response);
    for (String field : List.of("token", "access_token", "refresh_token")) {
      if (body.has(field)) {
        String jwt = body.get(field).asText();
        secret(label + " " + field, jwt);
        secret(label + " " + field + " signature", jwt.substring(jwt.lastIndexOf('.') + 1));
      }
    }
  }

  /** Records an access token, whole and without its recognisable prefix. */
  private void secretToken(String label, String token) {
    secret(label, token);
    secret(label + " without prefix", token.substring("bth_pat_".length()));
  }

  private String secret(String label, String value) {
    assertThat(value).as("secret %s", label).hasSizeGreaterThanOrEqualTo(6);
    secrets.put(label, value);
    return value;
  }

  /** Copies everything written to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeStream(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      first.write(bytes, offset, length);
      synchronized (second) {
        second.write(bytes, offset, length);
      }
    }

    @Override
    public void flush() throws IOException {
      first.flush();
    }
  }
}
