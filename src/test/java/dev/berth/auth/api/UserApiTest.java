package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Users: creation and listing by administrators, profiles, updates and passwords. */
class UserApiTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createUser_byAdministrator_created(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply created =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body(
                  "username",
                  "alice",
                  "email",
                  "Alice@Example.com",
                  "password",
                  ApiBerth.PASSWORD));
      Reply promoted =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body(
                  "username",
                  "boss",
                  "email",
                  "boss@example.com",
                  "password",
                  ApiBerth.PASSWORD,
                  "is_admin",
                  true));
      Reply duplicate =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body(
                  "username",
                  "alice",
                  "email",
                  "other@example.com",
                  "password",
                  ApiBerth.PASSWORD));

      assertThat(created.status()).as("%s", created).isEqualTo(201);
      assertThat(created.header("Location")).contains("/api/v2/users/alice");
      JsonNode user = created.json();
      assertThat(user.path("username").asText()).isEqualTo("alice");
      assertThat(user.path("email").asText()).isEqualTo("alice@example.com");
      assertThat(user.path("type").asText()).isEqualTo("User");
      assertThat(user.path("is_admin").asBoolean()).isFalse();
      assertThat(user.path("disabled").asBoolean()).isFalse();
      assertThat(user.path("two_factor_enabled").asBoolean()).isFalse();
      assertThat(user.path("date_joined").asText()).endsWith("Z");
      assertThat(promoted.json().path("is_admin").asBoolean()).isTrue();
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(duplicate.errorCode()).isEqualTo("CONFLICT");
      assertThat(berth.login("alice", ApiBerth.PASSWORD).cookie()).isNotEmpty();
    }
  }

  @Test
  void createUser_invalidValues_badRequest() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply badName =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body(
                  "username", "Bad_Name", "email", "a@example.com", "password", ApiBerth.PASSWORD));
      Reply shortPassword =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body("username", "alice", "email", "a@example.com", "password", "short"));
      Reply badEmail =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body("username", "alice", "email", "not-an-address", "password", ApiBerth.PASSWORD));
      Reply missingEmail =
          berth.post(
              "/api/v2/users",
              admin.as(),
              body("username", "alice", "password", ApiBerth.PASSWORD));

      assertThat(badName.status()).isEqualTo(400);
      assertThat(badName.errorMessage()).contains("Bad_Name");
      assertThat(shortPassword.status()).isEqualTo(400);
      assertThat(shortPassword.errorMessage())
          .contains("password is too short")
          .doesNotContain("short\"");
      assertThat(badEmail.status()).isEqualTo(400);
      assertThat(badEmail.errorMessage()).contains("not-an-address", "name@example.com");
      assertThat(missingEmail.status()).isEqualTo(400);
      assertThat(missingEmail.errorMessage())
          .isEqualTo("field 'email' is missing from the request body");
    }
  }

  @Test
  void createUser_byNonAdministrator_forbidden() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      String adminToken = berth.createToken(admin, "repo:admin");
      Object newUser =
          body("username", "mallory", "email", "m@example.com", "password", ApiBerth.PASSWORD);

      Reply byUser = berth.post("/api/v2/users", alice.as(), newUser);
      Reply byToken = berth.post("/api/v2/users", As.bearer(adminToken), newUser);
      Reply anonymous = berth.post("/api/v2/users", As.anonymous(), newUser);

      assertThat(byUser.status()).isEqualTo(403);
      assertThat(byUser.errorCode()).isEqualTo("DENIED");
      assertThat(byUser.errorMessage()).isEqualTo("only administrators may create users");
      assertThat(byToken.status()).isEqualTo(403);
      assertThat(byToken.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
      assertThat(anonymous.status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void listUsers_pagedForAdministrators(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      for (String name : List.of("carol", "alice", "bobby")) {
        berth.createUser(admin, name);
      }
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      Reply first = berth.get("/api/v2/users?page_size=3", admin.as());
      Reply second = berth.get("/api/v2/users?page=2&page_size=3", admin.as());
      Reply beyond = berth.get("/api/v2/users?page=9&page_size=3", admin.as());
      Reply byUser = berth.get("/api/v2/users", alice.as());
      Reply tooBig = berth.get("/api/v2/users?page_size=101", admin.as());

      assertThat(first.status()).as("%s", first).isEqualTo(200);
      assertThat(first.json().path("count").asInt()).isEqualTo(4);
      assertThat(names(first.json())).containsExactly("admin", "alice", "bobby");
      assertThat(first.json().path("next").asText())
          .isEqualTo(berth.baseUrl() + "/api/v2/users?page=2&page_size=3");
      assertThat(first.json().path("previous").isNull()).isTrue();
      assertThat(names(second.json())).containsExactly("carol");
      assertThat(second.json().path("next").isNull()).isTrue();
      assertThat(second.json().path("previous").asText())
          .isEqualTo(berth.baseUrl() + "/api/v2/users?page=1&page_size=3");
      assertThat(names(beyond.json())).isEmpty();
      assertThat(byUser.status()).isEqualTo(403);
      assertThat(tooBig.status()).isEqualTo(400);
      assertThat(tooBig.errorMessage())
          .isEqualTo(
              "query parameter page_size=101 is out of range; use a whole number from 1 to 100");
    }
  }

  @Test
  void getUser_othersSeePublicFieldsOnly() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "bobby");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      Reply self = berth.get("/api/v2/users/me", alice.as());
      Reply other = berth.get("/api/v2/users/bobby", alice.as());
      Reply byAdmin = berth.get("/api/v2/users/bobby", admin.as());
      Reply missing = berth.get("/api/v2/users/nobody", alice.as());

      assertThat(self.json().path("username").asText()).isEqualTo("alice");
      assertThat(self.json().path("email").asText()).isEqualTo("alice@example.com");
      assertThat(other.status()).isEqualTo(200);
      assertThat(other.json().path("username").asText()).isEqualTo("bobby");
      assertThat(other.json().path("email").isNull()).isTrue();
      assertThat(other.json().path("is_admin").isNull()).isTrue();
      assertThat(byAdmin.json().path("email").asText()).isEqualTo("bobby@example.com");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.errorMessage()).isEqualTo("user nobody not found");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void updateUser_selfAndAdministratorFields(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "bobby");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      Reply ownEmail =
          berth.patch("/api/v2/users/me", alice.as(), body("email", "new@example.com"));
      Reply takenEmail =
          berth.patch("/api/v2/users/alice", alice.as(), body("email", "bobby@example.com"));
      Reply selfPromotion = berth.patch("/api/v2/users/alice", alice.as(), body("is_admin", true));
      Reply othersEmail =
          berth.patch("/api/v2/users/bobby", alice.as(), body("email", "x@example.com"));
      Reply nothing = berth.patch("/api/v2/users/alice", alice.as(), "{}");
      Reply wrongType = berth.patch("/api/v2/users/alice", admin.as(), body("disabled", "yes"));
      Reply unknownField = berth.patch("/api/v2/users/alice", admin.as(), body("admin", true));
      Reply missing = berth.patch("/api/v2/users/nobody", admin.as(), body("disabled", true));

      assertThat(ownEmail.status()).as("%s", ownEmail).isEqualTo(200);
      assertThat(ownEmail.json().path("email").asText()).isEqualTo("new@example.com");
      assertThat(takenEmail.status()).isEqualTo(409);
      assertThat(takenEmail.errorMessage()).contains("bobby@example.com");
      assertThat(selfPromotion.status()).isEqualTo(403);
      assertThat(othersEmail.status()).isEqualTo(403);
      assertThat(nothing.status()).isEqualTo(400);
      assertThat(nothing.errorMessage()).contains("email, disabled, is_admin");
      assertThat(wrongType.status()).isEqualTo(400);
      assertThat(wrongType.errorMessage()).isEqualTo("field 'disabled' must be true or false");
      assertThat(unknownField.status()).isEqualTo(400);
      assertThat(unknownField.errorMessage())
          .isEqualTo(
              "unknown field 'admin' in the request body; allowed fields are disabled, email,"
                  + " is_admin");
      assertThat(missing.status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void updateUser_disable_endsSessionsAndLogin(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      Reply disable = berth.patch("/api/v2/users/alice", admin.as(), body("disabled", true));
      Reply session = berth.get("/api/v2/auth/me", alice.as());
      Reply login =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", ApiBerth.PASSWORD));
      Reply enable = berth.patch("/api/v2/users/alice", admin.as(), body("disabled", false));
      Reply demoteLast = berth.patch("/api/v2/users/admin", admin.as(), body("is_admin", false));

      assertThat(disable.status()).as("%s", disable).isEqualTo(200);
      assertThat(disable.json().path("disabled").asBoolean()).isTrue();
      assertThat(session.status()).isEqualTo(401);
      assertThat(login.status()).isEqualTo(403);
      assertThat(login.errorCode()).isEqualTo("DENIED");
      assertThat(login.errorMessage()).contains("is disabled");
      assertThat(enable.json().path("disabled").asBoolean()).isFalse();
      assertThat(demoteLast.status()).isEqualTo(409);
      assertThat(demoteLast.errorMessage()).contains("last enabled administrator");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void changeOwnPassword_rotatesSession(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Login otherDevice = berth.login("alice", ApiBerth.PASSWORD);
      String newPassword = "a much better passphrase";

      Reply wrongCurrent =
          berth.post(
              "/api/v2/users/alice/password",
              alice.as(),
              body("current_password", "not it at all", "new_password", newPassword));
      Reply missingCurrent =
          berth.post("/api/v2/users/alice/password", alice.as(), body("new_password", newPassword));
      Reply changed =
          berth.post(
              "/api/v2/users/alice/password",
              alice.as(),
              body("current_password", ApiBerth.PASSWORD, "new_password", newPassword));

      assertThat(wrongCurrent.status()).isEqualTo(401);
      assertThat(wrongCurrent.errorMessage()).isEqualTo("current password is incorrect");
      assertThat(missingCurrent.status()).isEqualTo(400);
      assertThat(missingCurrent.errorMessage()).contains("'current_password'");
      assertThat(changed.status()).as("%s", changed).isEqualTo(200);
      Login renewed = ApiBerth.loginFrom(changed);
      assertThat(berth.get("/api/v2/auth/me", renewed.as()).status()).isEqualTo(200);
      assertThat(berth.get("/api/v2/auth/me", alice.as()).status()).isEqualTo(401);
      assertThat(berth.get("/api/v2/auth/me", otherDevice.as()).status()).isEqualTo(401);
      assertThat(berth.login("alice", newPassword).cookie()).isNotEmpty();

      Reply put =
          berth.put(
              "/api/v2/users/me/password",
              renewed.as(),
              body("current_password", newPassword, "new_password", ApiBerth.PASSWORD));
      assertThat(put.status()).as("%s", put).isEqualTo(200);
      assertThat(berth.login("alice", ApiBerth.PASSWORD).cookie()).isNotEmpty();
    }
  }

  @Test
  void resetPassword_byAdministratorOnly() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "bobby");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Login bobby = berth.login("bobby", ApiBerth.PASSWORD);

      Reply byPeer =
          berth.post(
              "/api/v2/users/bobby/password", alice.as(), body("new_password", "taken over!!"));
      Reply byAdmin =
          berth.post(
              "/api/v2/users/bobby/password", admin.as(), body("new_password", "fresh start 1"));
      Reply weak =
          berth.post("/api/v2/users/bobby/password", admin.as(), body("new_password", "x"));

      assertThat(byPeer.status()).isEqualTo(403);
      assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(204);
      assertThat(berth.get("/api/v2/auth/me", bobby.as()).status()).isEqualTo(401);
      assertThat(berth.get("/api/v2/auth/me", admin.as()).status()).isEqualTo(200);
      assertThat(berth.login("bobby", "fresh start 1").cookie()).isNotEmpty();
      assertThat(weak.status()).isEqualTo(400);
    }
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("results").forEach(user -> names.add(user.path("username").asText()));
    return names;
  }
}
