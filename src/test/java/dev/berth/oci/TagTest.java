package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

  @ParameterizedTest
  @ValueSource(strings = {"latest", "v1.2.3", "1", "_", "_internal", "A-b_C.d", "sha256-abc", "x-"})
  void parse_validTag_keepsValue(String value) {
    assertThat(Tag.parse(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "-dash", "a/b", "a:b", "a+b", "a b", "a@b", "ü", "a\n"})
  void parse_invalidTag_throwsNamingValue(String value) {
    assertThatThrownBy(() -> Tag.parse(value))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("'" + value + "'")
        .satisfies(
            e ->
                assertThat(((OciFormatException) e).kind())
                    .isEqualTo(OciFormatException.Kind.TAG));
  }

  @Test
  void parse_lengthLimit_allows128AndRejects129() {
    assertThat(Tag.parse("t".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> Tag.parse("t".repeat(129))).isInstanceOf(OciFormatException.class);
  }

  @Test
  void referenceParse_tagOrDigest_picksKind() {
    Reference tag = Reference.parse("latest");
    Reference digest =
        Reference.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    assertThat(tag).isInstanceOf(Reference.ByTag.class);
    assertThat(tag.toString()).isEqualTo("latest");
    assertThat(digest).isInstanceOf(Reference.ByDigest.class);
    assertThatThrownBy(() -> Reference.parse("sha256:short"))
        .isInstanceOf(OciFormatException.class)
        .satisfies(
            e ->
                assertThat(((OciFormatException) e).kind())
                    .isEqualTo(OciFormatException.Kind.DIGEST));
    assertThatThrownBy(() -> Reference.parse("-bad"))
        .isInstanceOf(OciFormatException.class)
        .satisfies(
            e ->
                assertThat(((OciFormatException) e).kind())
                    .isEqualTo(OciFormatException.Kind.TAG));
  }
}
