package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests of the repository name and tag grammars over seeded random inputs: generated
 * valid values must parse unchanged, and for random strings {@link RepositoryName} and {@link Tag}
 * must accept exactly what an independent, hand-written checker of the OCI distribution grammar
 * accepts. Each seed is one reproducible run of {@link #CASES_PER_SEED} cases.
 *
 * <p>jqwik is not used: its engine (1.10) prints a notice that AI agents must not use it, and
 * Berth is partly written by agents.
 */
class NameGrammarPropertyTest {

  private static final int CASES_PER_SEED = 2_000;
  private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String[] SEPARATORS = {".", "_", "__", "-", "--", "---"};

  /** Characters that random strings draw from: the grammar's own and a few it forbids. */
  private static final String NOISE = "ab09z.-_/A:@ +é";

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void repositoryName_generatedValidName_parsesUnchanged(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String name = validName(random);

      assertThat(RepositoryName.parse(name).value()).as("seed %d case %d", seed, i).isEqualTo(name);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void repositoryName_randomString_acceptedExactlyWhenGrammarMatches(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String candidate = i % 2 == 0 ? noise(random, 1 + random.nextInt(12)) : mutate(random);

      assertThat(accepts(() -> RepositoryName.parse(candidate)))
          .as("seed %d case %d: '%s'", seed, i, candidate)
          .isEqualTo(isValidName(candidate));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void repositoryName_aroundLengthLimit_acceptedUpTo255(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      int length = 250 + random.nextInt(12);
      String name = "a".repeat(length);

      assertThat(accepts(() -> RepositoryName.parse(name)))
          .as("seed %d length %d", seed, length)
          .isEqualTo(length <= 255);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32, 33, 34, 35, 36, 37, 38})
  void tag_randomString_acceptedExactlyWhenGrammarMatches(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      int length = random.nextInt(10) == 0 ? 120 + random.nextInt(16) : random.nextInt(8);
      String candidate = noise(random, length);

      assertThat(accepts(() -> Tag.parse(candidate)))
          .as("seed %d case %d: '%s'", seed, i, candidate)
          .isEqualTo(isValidTag(candidate));
    }
  }

  /** Builds a name from 1 to 6 components of the grammar, each with random separators. */
  private static String validName(Random random) {
    StringBuilder name = new StringBuilder();
    int components = 1 + random.nextInt(6);
    for (int c = 0; c < components; c++) {
      if (c > 0) {
        name.append('/');
      }
      name.append(alnum(random));
      int pieces = random.nextInt(3);
      for (int p = 0; p < pieces; p++) {
        name.append(SEPARATORS[random.nextInt(SEPARATORS.length)]).append(alnum(random));
      }
    }
    return name.length() <= RepositoryName.MAX_LENGTH ? name.toString() : "fallback";
  }

  /** Changes one character of a valid name, often making it invalid. */
  private static String mutate(Random random) {
    StringBuilder name = new StringBuilder(validName(random));
    int at = random.nextInt(name.length() + 1);
    char c = NOISE.charAt(random.nextInt(NOISE.length()));
    if (at < name.length() && random.nextBoolean()) {
      name.setCharAt(at, c);
    } else {
      name.insert(at, c);
    }
    return name.toString();
  }

  private static String alnum(Random random) {
    StringBuilder s = new StringBuilder();
    int length = 1 + random.nextInt(4);
    for (int i = 0; i < length; i++) {
      s.append(LOWER_ALNUM.charAt(random.nextInt(LOWER_ALNUM.length())));
    }
    return s.toString();
  }

  private static String noise(Random random, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(NOISE.charAt(random.nextInt(NOISE.length())));
    }
    return s.toString();
  }

  private static boolean accepts(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (OciFormatException e) {
      return false;
    }
  }

  /**
   * Checks the distribution spec's name grammar without a regular expression. A name has at most
   * 255 characters and components separated by '/'. Each component is a run of lower-case letters
   * and digits, then any number of separators each followed by such a run. A separator is '.',
   * '_', '__' or one or more '-'.
   */
  private static boolean isValidName(String name) {
    if (name.isEmpty() || name.length() > 255) {
      return false;
    }
    for (String component : name.split("/", -1)) {
      if (!isValidComponent(component)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValidComponent(String component) {
    int i = 0;
    int n = component.length();
    while (true) {
      int runStart = i;
      while (i < n && LOWER_ALNUM.indexOf(component.charAt(i)) >= 0) {
        i++;
      }
      if (i == runStart) {
        return false;
      }
      if (i == n) {
        return true;
      }
      char separator = component.charAt(i);
      int separatorStart = i;
      while (i < n && component.charAt(i) == separator) {
        i++;
      }
      int width = i - separatorStart;
      boolean allowed =
          (separator == '.' && width == 1)
              || (separator == '_' && width <= 2)
              || separator == '-';
      if (!allowed) {
        return false;
      }
    }
  }

  /** Checks the tag grammar: a word character, then up to 127 of word characters, '.' and '-'. */
  private static boolean isValidTag(String tag) {
    if (tag.isEmpty() || tag.length() > 128) {
      return false;
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_';
      if (!word && (i == 0 || (c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }
}
