package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes and verifies passwords with Argon2id, storing each hash as a PHC string such as {@code
 * $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (salt and hash in unpadded standard Base64).
 *
 * <p>Passwords are normalised to Unicode NFC before hashing, so the same password typed on systems
 * that compose accents differently still matches. Each hash uses {@code memoryKib} of memory while
 * it runs, so at most {@link #MAX_CONCURRENT_HASHES} run at once and the rest wait. Thread-safe.
 */
final class PasswordHasher {

  /** Argon2id cost: memory in KiB, passes and lanes. */
  record Parameters(int memoryKib, int iterations, int parallelism) {

    /**
     * The OWASP Password Storage Cheat Sheet's Argon2id minimum (2023): 19 MiB, 2 passes, 1 lane.
     */
    static final Parameters DEFAULT = new Parameters(19_456, 2, 1);

    Parameters {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException(
            "argon2 parallelism " + parallelism + " is invalid; use 1 to " + MAX_PARALLELISM);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException(
            "argon2 iterations " + iterations + " is invalid; use 1 to " + MAX_ITERATIONS);
      }
      if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException(
            "argon2 memory "
                + memoryKib
                + " KiB is invalid; use "
                + 8 * parallelism
                + " to "
                + MAX_MEMORY_KIB
                + " KiB");
      }
    }
  }

  /** Hashes allowed to run at once; each keeps its memory until it finishes. */
  static final int MAX_CONCURRENT_HASHES = Math.max(2, Runtime.getRuntime().availableProcessors());

  // Upper bounds for parameters read back from stored hashes, so a corrupted row cannot make one
  // verification allocate gigabytes or run for minutes.
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 64;
  private static final int MAX_PARALLELISM = 16;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
              + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

  private final Parameters parameters;
  private final SecureRandom random;
  private final Semaphore running = new Semaphore(MAX_CONCURRENT_HASHES, true);
  private final String dummyHash;

  PasswordHasher(Parameters parameters, SecureRandom random) {
    this.parameters = parameters;
    this.random = random;
    this.dummyHash = randomPhc();
  }

  /**
   * Returns a PHC string with the current parameters, a random salt and a random hash. Verifying
   * against it costs exactly what verifying a real hash costs, and no password matches it. Making
   * it needs no hashing, which at start-up took as long as a login.
   */
  private String randomPhc() {
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return phc(salt, hash);
  }

  /** Returns a PHC string for {@code password} with a fresh random salt. */
  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return phc(salt, argon2(parameters, salt, password, HASH_BYTES));
  }

  private String phc(byte[] salt, byte[] hash) {
    return "$argon2id$v=19$m="
        + parameters.memoryKib()
        + ",t="
        + parameters.iterations()
        + ",p="
        + parameters.parallelism()
        + "$"
        + BASE64.encodeToString(salt)
        + "$"
        + BASE64.encodeToString(hash);
  }

  /**
   * Returns whether {@code password} matches {@code phc}, comparing the hashes in constant time.
   * The stored parameters are used, so hashes made with older parameters still verify.
   *
   * @throws IllegalArgumentException when {@code phc} is not an Argon2id (version 19) PHC string
   *     within this class's parameter bounds; the message does not contain the string
   */
  boolean verify(String password, String phc) {
    Stored stored = parse(phc);
    byte[] actual = argon2(stored.parameters(), stored.salt(), password, stored.hash().length);
    return MessageDigest.isEqual(actual, stored.hash());
  }

  /**
   * Hashes {@code password} against a hash of a random password and returns false, taking as long
   * as {@link #verify} does with the current parameters. Callers use it for unknown user names so
   * response times do not reveal which names exist.
   */
  boolean verifyDummy(String password) {
    verify(password, dummyHash);
    return false;
  }

  /** Returns whether {@code phc} was made with other parameters or lengths than new hashes get. */
  boolean needsRehash(String phc) {
    Stored stored = parse(phc);
    return !stored.parameters().equals(parameters)
        || stored.salt().length != SALT_BYTES
        || stored.hash().length != HASH_BYTES;
  }

  private record Stored(Parameters parameters, byte[] salt, byte[] hash) {}

  private static Stored parse(String phc) {
    Matcher matcher = PHC.matcher(phc);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "stored password hash is not an argon2id version 19 PHC string");
    }
    Parameters parameters =
        new Parameters(
            Integer.parseInt(matcher.group(1)),
            Integer.parseInt(matcher.group(2)),
            Integer.parseInt(matcher.group(3)));
    return new Stored(
        parameters,
        BASE64_DECODER.decode(matcher.group(4)),
        BASE64_DECODER.decode(matcher.group(5)));
  }

  private byte[] argon2(Parameters cost, byte[] salt, String password, int length) {
    Argon2Parameters argon2 =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .withSalt(salt)
            .build();
    byte[] passwordBytes =
        Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[length];
    running.acquireUninterruptibly();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(argon2);
      generator.generateBytes(passwordBytes, out);
    } finally {
      running.release();
      argon2.clear();
    }
    return out;
  }
}
