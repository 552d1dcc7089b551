package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {

  private static final PasswordHasher CHEAP =
      new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1), new SecureRandom());

  @Test
  void hash_defaultParameters_phcString() {
    PasswordHasher hasher =
        new PasswordHasher(PasswordHasher.Parameters.DEFAULT, new SecureRandom());

    String phc = hasher.hash("hunter2hunter2");

    assertThat(phc)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.verify("hunter2hunter2", phc)).isTrue();
    assertThat(hasher.needsRehash(phc)).isFalse();
  }

  /** Vectors from the Argon2 reference implementation's src/test.c (P-H-C/phc-winner-argon2). */
  @Test
  void verify_referenceVectors_match() {
    String large =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    String small =
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    assertThat(CHEAP.verify("password", large)).isTrue();
    assertThat(CHEAP.verify("password", small)).isTrue();
    assertThat(CHEAP.verify("passwore", small)).isFalse();
    assertThat(CHEAP.verify("password ", small)).isFalse();
  }

  static LongStream seeds() {
    return LongStream.range(0, 25);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void verify_randomPasswords_acceptOnlyTheOriginal(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String password = randomPassword(random);
    String phc = CHEAP.hash(password);

    assertThat(CHEAP.verify(password, phc)).as("password of seed %d", seed).isTrue();
    String changed = changeOneCharacter(password, random);
    assertThat(CHEAP.verify(changed, phc)).as("changed password of seed %d", seed).isFalse();
    assertThat(CHEAP.needsRehash(phc)).isFalse();
  }

  @Test
  void hash_samePassword_differentSalts() {
    String first = CHEAP.hash("same password");
    String second = CHEAP.hash("same password");

    assertThat(first).isNotEqualTo(second);
    assertThat(CHEAP.verify("same password", second)).isTrue();
  }

  @Test
  void verify_decomposedAccent_matchesComposed() {
    String composed = "caf\u00e9-password";
    String decomposed = "cafe\u0301-password";

    String phc = CHEAP.hash(composed);

    assertThat(CHEAP.verify(decomposed, phc)).isTrue();
  }

  @Test
  void needsRehash_otherParameters_true() {
    PasswordHasher stronger =
        new PasswordHasher(new PasswordHasher.Parameters(128, 1, 1), new SecureRandom());

    String phc = CHEAP.hash("password123");

    assertThat(stronger.needsRehash(phc)).isTrue();
    assertThat(stronger.verify("password123", phc)).isTrue();
  }

  @Test
  void verifyDummy_anyPassword_false() {
    assertThat(CHEAP.verifyDummy("")).isFalse();
    assertThat(CHEAP.verifyDummy("password")).isFalse();
  }

  @Test
  void verify_malformedHash_rejectedWithoutEchoingIt() {
    String bcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    assertThatThrownBy(() -> CHEAP.verify("password", bcrypt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argon2id")
        .hasMessageNotContaining("N9qo8u");
  }

  @Test
  void verify_storedMemoryTooLarge_rejected() {
    String huge =
        "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    assertThatThrownBy(() -> CHEAP.verify("password", huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argon2 memory 99999999 KiB is invalid");
  }

  private static String randomPassword(SplittableRandom random) {
    int length = random.nextInt(1, 40);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      // Mostly ASCII, sometimes a letter from elsewhere in the Basic Multilingual Plane.
      int codePoint =
          random.nextInt(10) == 0 ? random.nextInt(0x4e00, 0x9fff) : random.nextInt(0x21, 0x7f);
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }

  private static String changeOneCharacter(String password, SplittableRandom random) {
    int index = random.nextInt(password.length());
    char replacement = (char) (password.charAt(index) == 'x' ? 'y' : 'x');
    return password.substring(0, index) + replacement + password.substring(index + 1);
  }
}
