package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parse_sha256_keepsAlgorithmAndHex() {
    Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);

    assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
    assertThat(digest.hex()).isEqualTo(EMPTY_SHA256);
    assertThat(digest.toString()).isEqualTo("sha256:" + EMPTY_SHA256);
  }

  @Test
  void parse_sha512_keepsAlgorithmAndHex() {
    String hex = "ab".repeat(64);

    Digest digest = Digest.parse("sha512:" + hex);

    assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA512);
    assertThat(digest.toString()).isEqualTo("sha512:" + hex);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sha256",
        ":" + EMPTY_SHA256,
        "sha256:",
        "sha256:abc",
        "sha256:" + EMPTY_SHA256 + "0",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha512:" + EMPTY_SHA256,
        "SHA256:" + EMPTY_SHA256,
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"
      })
  void parse_invalid_throwsNamingValue(String value) {
    int colon = value.indexOf(':');
    String algorithm = colon < 0 ? value : value.substring(0, colon);

    assertThatThrownBy(() -> Digest.parse(value))
        .isInstanceOf(OciFormatException.class)
        .satisfies(
            e -> {
              assertThat(((OciFormatException) e).kind()).isEqualTo(OciFormatException.Kind.DIGEST);
              assertThat(e.getMessage()).containsAnyOf("'" + value + "'", "'" + algorithm + "'");
            });
  }

  @Test
  void of_knownInputs_matchPublishedVectors() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);

    assertThat(Digest.sha256(new byte[0]).hex()).isEqualTo(EMPTY_SHA256);
    assertThat(Digest.sha256(abc).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Digest.of(DigestAlgorithm.SHA512, abc).hex())
        .isEqualTo(
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  }

  @Test
  void of_emptyJsonObject_isTheOciEmptyDescriptorDigest() {
    assertThat(Digest.sha256(MediaTypes.emptyJson())).isEqualTo(MediaTypes.EMPTY_JSON_DIGEST);
    assertThat(MediaTypes.EMPTY_JSON_DIGEST.toString())
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void fromHasher_resetsHasher() {
    MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    hasher.update("abc".getBytes(StandardCharsets.US_ASCII));

    Digest first = Digest.fromHasher(DigestAlgorithm.SHA256, hasher);
    Digest second = Digest.fromHasher(DigestAlgorithm.SHA256, hasher);

    assertThat(first).isEqualTo(Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    assertThat(second.hex()).isEqualTo(EMPTY_SHA256);
  }

  @Test
  void equals_sameWireForm_isEqualWithSameHash() {
    Digest a = Digest.parse("sha256:" + EMPTY_SHA256);
    Digest b = Digest.sha256(new byte[0]);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Digest.sha256(new byte[] {0}));
  }

  @Test
  void looksLikeDigest_needsColonAfterFirstCharacter() {
    assertThat(Digest.looksLikeDigest("sha256:x")).isTrue();
    assertThat(Digest.looksLikeDigest("latest")).isFalse();
    assertThat(Digest.looksLikeDigest(":latest")).isFalse();
  }
}
