package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "0",
        "alpine",
        "library/alpine",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a--b",
        "a---------b",
        "a/b/c/d/e/f/g/h",
        "my.registry-mirror/team_a/sub__project/img-1.2"
      })
  void parse_validName_keepsValue(String value) {
    assertThat(RepositoryName.parse(value).value()).isEqualTo(value);
    assertThat(RepositoryName.parse(value).toString()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Alpine",
        "library/Alpine",
        "a..b",
        "a___b",
        "a_.b",
        "a.-b",
        ".a",
        "a.",
        "-a",
        "a-",
        "_a",
        "a_",
        "/a",
        "a/",
        "a//b",
        "a/../b",
        "a/./b",
        "a b",
        "a:b",
        "a@b",
        "a\\b",
        "ä"
      })
  void parse_invalidName_throwsNamingValue(String value) {
    assertThatThrownBy(() -> RepositoryName.parse(value))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("'" + value + "'")
        .satisfies(
            e ->
                assertThat(((OciFormatException) e).kind())
                    .isEqualTo(OciFormatException.Kind.NAME));
  }

  @Test
  void parse_lengthLimit_allows255AndRejects256() {
    String longest = "a".repeat(RepositoryName.MAX_LENGTH);

    assertThat(RepositoryName.parse(longest).value()).hasSize(255);
    assertThatThrownBy(() -> RepositoryName.parse(longest + "b"))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("255");
  }

  @Test
  void compareTo_ordersByValue() {
    assertThat(RepositoryName.parse("a/b").compareTo(RepositoryName.parse("a-b"))).isPositive();
    assertThat(RepositoryName.parse("alpine").compareTo(RepositoryName.parse("alpine"))).isZero();
  }
}
