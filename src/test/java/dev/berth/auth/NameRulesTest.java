package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  static LongStream seeds() {
    return LongStream.range(0, 50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void checkNamespace_randomValidNames_accepted(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = random.nextInt(NameRules.MIN_LENGTH, NameRules.MAX_LENGTH + 1);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < length; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    String candidate = name.toString();

    if (!NameRules.RESERVED.contains(candidate)
        && !NameRules.ADMINISTRATOR_ONLY.contains(candidate)) {
      assertThatCode(() -> NameRules.checkNamespace(NameRules.Kind.USER, candidate, false))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "Alice",
        "my-org",
        "my_org",
        "my.org",
        "caf\u00e9s",
        " alice",
        "alice ",
        "abcdefghijklmnopqrstuvwxyz01234"
      })
  void checkNamespace_badSyntax_namesValueAndRule(String name) {
    assertThatThrownBy(() -> NameRules.checkNamespace(NameRules.Kind.ORGANIZATION, name, true))
        .isInstanceOfSatisfying(
            AccountException.class,
            e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID))
        .hasMessage(
            "organization name '"
                + name
                + "' is invalid; use 4 to 30 lower-case letters (a-z) and digits");
  }

  @Test
  void checkNamespace_thirtyCharacters_accepted() {
    assertThatCode(
            () ->
                NameRules.checkNamespace(
                    NameRules.Kind.USER, "abcdefghijklmnopqrstuvwxyz0123", false))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"login", "token", "health", "metrics", "berth", "system", "search"})
  void checkNamespace_reservedName_rejectedEvenForAdministrators(String name) {
    assertThatThrownBy(() -> NameRules.checkNamespace(NameRules.Kind.USER, name, true))
        .isInstanceOf(AccountException.class)
        .hasMessage("user name '" + name + "' is reserved; choose another");
  }

  @ParameterizedTest
  @ValueSource(strings = {"library", "admin"})
  void checkNamespace_administratorOnlyName_needsAdministrator(String name) {
    assertThatThrownBy(() -> NameRules.checkNamespace(NameRules.Kind.ORGANIZATION, name, false))
        .isInstanceOf(AccountException.class)
        .hasMessage(
            "organization name '" + name + "' is reserved for administrators; choose another");
    assertThatCode(() -> NameRules.checkNamespace(NameRules.Kind.ORGANIZATION, name, true))
        .doesNotThrowAnyException();
  }

  @Test
  void checkTeam_reservedNamespaceName_accepted() {
    assertThatCode(() -> NameRules.checkTeam("login")).doesNotThrowAnyException();
    assertThatThrownBy(() -> NameRules.checkTeam("ops"))
        .hasMessage("team name 'ops' is invalid; use 4 to 30 lower-case letters (a-z) and digits");
  }

  @Test
  void namespaceOf_firstComponent() {
    assertThat(NameRules.namespaceOf(RepositoryName.parse("acme/tools/build"))).isEqualTo("acme");
    assertThat(NameRules.namespaceOf(RepositoryName.parse("alpine"))).isEqualTo("alpine");
  }
}
