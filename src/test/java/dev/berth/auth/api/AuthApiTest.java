package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login, sessions, CSRF, logout, two-step login with TOTP, throttling and login locks. */
class AuthApiTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void login_password_setsSessionCookie(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Reply reply =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "admin", "password", ApiBerth.ADMIN_PASSWORD));

      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
      String cookie = reply.header("Set-Cookie").orElseThrow();
      assertThat(cookie).startsWith("berth_session=");
      assertThat(cookie).contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=604800");
      assertThat(cookie).as("plain HTTP").doesNotContain("Secure");
      assertThat(reply.json().path("user").path("username").asText()).isEqualTo("admin");
      assertThat(reply.json().path("user").path("is_admin").asBoolean()).isTrue();
      assertThat(reply.json().path("csrf_token").asText()).hasSize(43);
      assertThat(reply.header("Cache-Control")).contains("no-store");

      Login login = ApiBerth.loginFrom(reply);
      Reply me = berth.get("/api/v2/auth/me", login.cookieOnly());
      assertThat(me.status()).as("%s", me).isEqualTo(200);
      assertThat(me.json().path("authenticated_by").asText()).isEqualTo("session");
      assertThat(me.json().path("csrf_token").asText()).isEqualTo(login.csrfToken());
      assertThat(me.json().path("user").path("username").asText()).isEqualTo("admin");
    }
  }

  @Test
  void login_wrongPassword_unauthorized() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Reply wrong =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "admin", "password", "nope!nope!"));
      Reply unknown =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "nobody", "password", "nope!nope!"));

      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(wrong.errorMessage()).isEqualTo("invalid username or password");
      assertThat(wrong.header("Set-Cookie")).isEmpty();
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(unknown.errorMessage()).isEqualTo(wrong.errorMessage());
    }
  }

  @Test
  void login_missingPassword_namesField() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Reply reply = berth.post("/api/v2/auth/login", As.anonymous(), body("username", "admin"));

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.errorCode()).isEqualTo("INVALID_REQUEST");
      assertThat(reply.errorMessage())
          .isEqualTo("field 'password' is missing from the request body");
    }
  }

  @Test
  void login_repeatedFailures_throttledWithRetryAfter() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(
            berth
                .post(
                    "/api/v2/auth/login",
                    As.anonymous(),
                    body("username", "admin", "password", "wrong-" + i))
                .status());
      }
      Reply locked =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "admin", "password", ApiBerth.ADMIN_PASSWORD));

      assertThat(statuses).containsOnly(401);
      assertThat(locked.status()).as("%s", locked).isEqualTo(429);
      assertThat(locked.errorCode()).isEqualTo("TOO_MANY_REQUESTS");
      assertThat(locked.errorMessage()).startsWith("too many failed login attempts; try again in");
      assertThat(locked.header("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
    }
  }

  @Test
  void me_anonymous_unauthorized() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Reply reply = berth.get("/api/v2/auth/me", As.anonymous());
      Reply badCookie =
          berth.get("/api/v2/auth/me", new As(List.of("Cookie", "berth_session=forged")));

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(reply.header("WWW-Authenticate")).contains("Bearer realm=\"berth-api\"");
      assertThat(badCookie.status()).isEqualTo(401);
      assertThat(badCookie.errorMessage()).contains("session is expired or invalid");
    }
  }

  @Test
  void cookieWrite_withoutCsrfToken_forbidden() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      Object newOrg = body("orgname", "acme");

      Reply missing = berth.post("/api/v2/orgs", admin.cookieOnly(), newOrg);
      Reply wrong =
          berth.post("/api/v2/orgs", admin.cookieOnly().with("X-CSRF-Token", "guess"), newOrg);
      Reply deleteMissing = berth.delete("/api/v2/orgs/acme/members/admin", admin.cookieOnly());
      Reply read = berth.get("/api/v2/orgs", admin.cookieOnly());
      Reply right = berth.post("/api/v2/orgs", admin.as(), newOrg);

      assertThat(missing.status()).isEqualTo(403);
      assertThat(missing.errorCode()).isEqualTo("CSRF_TOKEN_INVALID");
      assertThat(missing.errorMessage()).startsWith("missing X-CSRF-Token header");
      assertThat(wrong.status()).isEqualTo(403);
      assertThat(wrong.errorCode()).isEqualTo("CSRF_TOKEN_INVALID");
      assertThat(wrong.errorMessage()).startsWith("X-CSRF-Token does not match this session");
      assertThat(deleteMissing.status()).isEqualTo(403);
      assertThat(deleteMissing.errorCode()).isEqualTo("CSRF_TOKEN_INVALID");
      assertThat(read.status()).as("reads need no CSRF token: %s", read).isEqualTo(200);
      assertThat(right.status()).as("%s", right).isEqualTo(201);
    }
  }

  @Test
  void csrfToken_ofAnotherSession_forbidden() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login first = berth.loginAdmin();
      Login second = berth.loginAdmin();

      Reply crossed =
          berth.post(
              "/api/v2/orgs",
              first.cookieOnly().with("X-CSRF-Token", second.csrfToken()),
              body("orgname", "acme"));

      assertThat(crossed.status()).isEqualTo(403);
      assertThat(crossed.errorCode()).isEqualTo("CSRF_TOKEN_INVALID");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void logout_endsSessionAndClearsCookie(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login login = berth.loginAdmin();

      Reply withoutCsrf = berth.post("/api/v2/auth/logout", login.cookieOnly(), "");
      Reply logout = berth.send("POST", "/api/v2/auth/logout", null, login.as());
      Reply after = berth.get("/api/v2/auth/me", login.cookieOnly());

      assertThat(withoutCsrf.status()).isEqualTo(403);
      assertThat(logout.status()).as("%s", logout).isEqualTo(204);
      assertThat(logout.header("Set-Cookie"))
          .hasValueSatisfying(
              v -> assertThat(v).startsWith("berth_session=;").contains("Max-Age=0"));
      assertThat(after.status()).isEqualTo(401);
    }
  }

  @Test
  void login_again_endsPreviousSession() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login first = berth.loginAdmin();

      Reply again =
          berth.post(
              "/api/v2/auth/login",
              first.cookieOnly(),
              body("username", "admin", "password", ApiBerth.ADMIN_PASSWORD));

      assertThat(again.status()).isEqualTo(200);
      assertThat(berth.get("/api/v2/auth/me", first.cookieOnly()).status()).isEqualTo(401);
      assertThat(berth.get("/api/v2/auth/me", ApiBerth.loginFrom(again).cookieOnly()).status())
          .isEqualTo(200);
    }
  }

  @Test
  void session_idleTimeout_expires() throws Exception {
    try (ApiBerth berth =
        ApiBerth.start(
            Dialect.SQLITE,
            tempDir,
            auth -> auth.withSessionTimeouts(Duration.ofSeconds(1), Duration.ofHours(1)))) {
      Login login = berth.loginAdmin();
      assertThat(berth.get("/api/v2/auth/me", login.cookieOnly()).status()).isEqualTo(200);

      Thread.sleep(1_500);
      Reply expired = berth.get("/api/v2/auth/me", login.cookieOnly());

      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.errorMessage()).contains("session is expired or invalid");
    }
  }

  @Test
  void session_lifetime_expiresDespiteUse() throws Exception {
    try (ApiBerth berth =
        ApiBerth.start(
            Dialect.SQLITE,
            tempDir,
            auth -> auth.withSessionTimeouts(Duration.ofHours(1), Duration.ofSeconds(2)))) {
      Login login = berth.loginAdmin();
      Instant loggedIn = Instant.now();

      Thread.sleep(1_000);
      Reply during = berth.get("/api/v2/auth/me", login.cookieOnly());
      Thread.sleep(
          Math.max(0, Duration.between(Instant.now(), loggedIn.plusMillis(2_500)).toMillis()));
      Reply after = berth.get("/api/v2/auth/me", login.cookieOnly());

      assertThat(during.status()).isEqualTo(200);
      assertThat(Instant.parse(during.json().path("session_expires_at").asText()))
          .isBefore(loggedIn.plusSeconds(3));
      assertThat(after.status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void twoFactor_enrolConfirmLoginDisable(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      // Enrol and confirm.
      Reply enrol = berth.post("/api/v2/users/me/2fa/enrol", alice.as(), "{}");
      assertThat(enrol.status()).as("%s", enrol).isEqualTo(200);
      String secret = enrol.json().path("secret").asText();
      assertThat(enrol.json().path("otpauth_uri").asText())
          .startsWith("otpauth://totp/")
          .contains("secret=" + secret);
      Reply badConfirm =
          berth.post("/api/v2/users/me/2fa/confirm", alice.as(), body("code", "000000x"));
      assertThat(badConfirm.status()).isEqualTo(401);
      Reply confirm =
          berth.post(
              "/api/v2/users/me/2fa/confirm",
              alice.as(),
              body("code", Totp.code(secret, Instant.now())));
      assertThat(confirm.status()).as("%s", confirm).isEqualTo(200);
      List<String> recovery = new ArrayList<>();
      confirm.json().path("recovery_codes").forEach(code -> recovery.add(code.asText()));
      assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
      Reply status = berth.get("/api/v2/users/me/2fa", alice.as());
      assertThat(status.json().path("enabled").asBoolean()).isTrue();
      assertThat(status.json().path("recovery_codes_remaining").asInt()).isEqualTo(10);

      // The password alone now yields a ticket, not a session.
      Reply first =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", ApiBerth.PASSWORD));
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("Set-Cookie")).isEmpty();
      assertThat(first.json().path("second_factor_required").asBoolean()).isTrue();
      String ticket = first.json().path("ticket").asText();
      Reply wrongCode =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", ticket, "code", "123456"));
      assertThat(wrongCode.status()).isEqualTo(401);
      assertThat(wrongCode.errorMessage())
          .isEqualTo("two-factor code is invalid or was already used");

      // The next step's code is inside the accepted window and after the confirmed one.
      Reply second =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", ticket, "code", Totp.code(secret, Instant.now().plusSeconds(30))));
      assertThat(second.status()).as("%s", second).isEqualTo(200);
      Login withTotp = ApiBerth.loginFrom(second);
      assertThat(berth.get("/api/v2/auth/me", withTotp.cookieOnly()).status()).isEqualTo(200);
      Reply reused =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", ticket, "code", Totp.code(secret, Instant.now().plusSeconds(30))));
      assertThat(reused.status()).as("a used ticket").isEqualTo(401);
      assertThat(reused.errorMessage()).contains("login ticket is invalid or expired");

      // A recovery code works once.
      String ticket2 =
          berth
              .post(
                  "/api/v2/auth/login",
                  As.anonymous(),
                  body("username", "alice", "password", ApiBerth.PASSWORD))
              .json()
              .path("ticket")
              .asText();
      Reply byRecovery =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", ticket2, "code", recovery.get(0)));
      assertThat(byRecovery.status()).as("%s", byRecovery).isEqualTo(200);
      String ticket3 =
          berth
              .post(
                  "/api/v2/auth/login",
                  As.anonymous(),
                  body("username", "alice", "password", ApiBerth.PASSWORD))
              .json()
              .path("ticket")
              .asText();
      Reply recoveryAgain =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", ticket3, "code", recovery.get(0)));
      assertThat(recoveryAgain.status()).isEqualTo(401);

      // Disable with another recovery code; the password alone works again.
      Login session = ApiBerth.loginFrom(byRecovery);
      Reply disable =
          berth.post("/api/v2/users/me/2fa/disable", session.as(), body("code", recovery.get(1)));
      assertThat(disable.status()).as("%s", disable).isEqualTo(204);
      Reply plain =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", ApiBerth.PASSWORD));
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.header("Set-Cookie")).isPresent();
    }
  }

  @Test
  void twoFactor_notEnrolled_conflict() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply confirmWithoutEnrol =
          berth.post("/api/v2/users/me/2fa/confirm", admin.as(), body("code", "123456"));
      Reply disableWhenOff =
          berth.post("/api/v2/users/me/2fa/disable", admin.as(), body("code", "123456"));
      Reply missingCode = berth.post("/api/v2/users/me/2fa/confirm", admin.as(), "{}");

      assertThat(confirmWithoutEnrol.status()).isEqualTo(409);
      assertThat(confirmWithoutEnrol.errorMessage()).contains("enrol one first");
      assertThat(disableWhenOff.status()).isEqualTo(409);
      assertThat(missingCode.status()).isEqualTo(400);
      assertThat(missingCode.errorMessage())
          .isEqualTo("field 'code' is missing from the request body");
    }
  }

  @Test
  void twoFactor_administratorReset_turnsItOff() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      String secret =
          berth.post("/api/v2/users/me/2fa/enrol", alice.as(), "{}").json().path("secret").asText();
      berth.post(
          "/api/v2/users/me/2fa/confirm",
          alice.as(),
          body("code", Totp.code(secret, Instant.now())));

      Reply byAlice = berth.delete("/api/v2/users/alice/2fa", alice.as());
      Reply byAdmin = berth.delete("/api/v2/users/alice/2fa", admin.as());
      Reply login =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", ApiBerth.PASSWORD));

      assertThat(byAlice.status()).isEqualTo(403);
      assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(204);
      assertThat(login.json().has("second_factor_required")).isFalse();
      assertThat(login.header("Set-Cookie")).isPresent();
    }
  }

  @Test
  void secondFactor_unknownTicket_unauthorized() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Reply reply =
          berth.post(
              "/api/v2/auth/login/second-factor",
              As.anonymous(),
              body("ticket", "made-up", "code", "123456"));

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.errorMessage())
          .isEqualTo("login ticket is invalid or expired; log in with your password again");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void loginLocks_listedAndLiftedByAdministrator(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      // Addresses lock later than accounts, so unknown names fail first. Alice's five failures
      // come last, because her one-second lock must still be on when the locks are listed.
      int addressFailures = dev.berth.auth.AuthTestAccess.addressFreeFailures();
      for (int i = 5; i < addressFailures; i++) {
        berth.post(
            "/api/v2/auth/login",
            As.anonymous(),
            body("username", "nobody" + i, "password", "wrong-" + i));
      }
      for (int i = 0; i < 5; i++) {
        berth.post(
            "/api/v2/auth/login",
            As.anonymous(),
            body("username", "alice", "password", "wrong-" + i));
      }

      Reply locks = berth.get("/api/v2/admin/login-locks", admin.as());
      Reply byAlice = berth.get("/api/v2/admin/login-locks", alice.as());
      Reply liftUser = berth.delete("/api/v2/admin/login-locks/user:alice", admin.as());
      Reply liftAddress = berth.delete("/api/v2/admin/login-locks/address:127.0.0.1", admin.as());
      Reply liftAgain = berth.delete("/api/v2/admin/login-locks/user:alice", admin.as());
      Reply login =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", ApiBerth.PASSWORD));

      assertThat(locks.status()).as("%s", locks).isEqualTo(200);
      List<String> keys = new ArrayList<>();
      for (JsonNode lock : locks.json().path("results")) {
        keys.add(lock.path("key").asText());
        int expectedFailures = lock.path("key").asText().startsWith("user:") ? 5 : addressFailures;
        assertThat(lock.path("failures").asInt()).isEqualTo(expectedFailures);
        assertThat(Instant.parse(lock.path("locked_until").asText()))
            .isAfter(Instant.now().minusSeconds(1));
      }
      assertThat(keys).containsExactlyInAnyOrder("user:alice", "address:127.0.0.1");
      assertThat(locks.json().path("count").asInt()).isEqualTo(2);
      assertThat(byAlice.status()).isEqualTo(403);
      assertThat(liftUser.status()).isEqualTo(204);
      assertThat(liftAddress.status()).isEqualTo(204);
      assertThat(liftAgain.status()).isEqualTo(404);
      Reply encodedSlash =
          berth.delete("/api/v2/admin/login-locks/address:2001:db8:0:0:0:0:0:0%2F64", admin.as());
      Reply encodedPercent = berth.delete("/api/v2/admin/login-locks/a%25b%2Fc%20d", admin.as());
      assertThat(encodedPercent.errorMessage())
          .startsWith("no failed logins recorded for a%b/c d;");
      assertThat(encodedSlash.status()).isEqualTo(404);
      assertThat(encodedSlash.errorMessage())
          .startsWith("no failed logins recorded for address:2001:db8:0:0:0:0:0:0/64;");
      assertThat(login.status()).as("%s", login).isEqualTo(200);
    }
  }
}
