package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark scenario: what each request does, and with which blob sizes.
 *
 * <p>One request of a push scenario pushes a whole image: its layer, its config and its manifest.
 * One request of a pull scenario pulls a whole image the same way round. The mixed scenario picks
 * pull or push for each request, with {@code pullShare} as the chance of a pull.
 *
 * @param name the name zot's {@code zb} tool gives the same scenario, so results compare
 * @param kind what one request does
 * @param sizes the layer sizes and their shares
 * @param pullShare for {@link Kind#MIXED}, the share of pulls, between 0 and 1; else 0
 */
record Scenario(String name, Kind kind, SizeMix sizes, double pullShare) {

  /** What one request of a scenario does. */
  enum Kind {
    /** {@code GET /v2/_catalog}. */
    CATALOG,
    /** Pushes an image whose layer is uploaded with one {@code POST} and one {@code PUT}. */
    PUSH_MONOLITH,
    /**
     * Pushes an image whose layer is uploaded with {@code POST}, {@code PATCH}es and a {@code PUT}.
     */
    PUSH_CHUNKED,
    /** Pulls an image: manifest, config and layer, each checked against its digest. */
    PULL,
    /** A pull or a monolithic push, chosen per request. */
    MIXED
  }

  Scenario {
    if (pullShare < 0 || pullShare > 1 || (kind != Kind.MIXED && pullShare != 0)) {
      throw new IllegalArgumentException("pull share " + pullShare + " is invalid for " + kind);
    }
  }

  /** Returns the name in lower case with dashes, such as {@code push-monolith-1mb}. */
  String slug() {
    return name.toLowerCase(Locale.ROOT)
        .replace("%", "")
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-|-$)", "");
  }

  /**
   * Returns zb's 16 scenarios in zb's order, with {@code small}, {@code medium} and {@code large}
   * in place of 1, 10 and 100 MiB. Names print each size as zb does, where "1MB" means 1 MiB.
   */
  static List<Scenario> zbSuite(long small, long medium, long large) {
    String s = label(small);
    String m = label(medium);
    String l = label(large);
    List<Scenario> suite = new ArrayList<>();

    suite.add(new Scenario("Get Catalog", Kind.CATALOG, SizeMix.of(small), 0));
    for (long size : List.of(small, medium, large)) {
      suite.add(single("Push Monolith " + label(size), Kind.PUSH_MONOLITH, size));
    }
    for (long size : List.of(small, medium, large)) {
      suite.add(single("Push Chunk Streamed " + label(size), Kind.PUSH_CHUNKED, size));
    }
    for (long size : List.of(small, medium, large)) {
      suite.add(single("Pull " + label(size), Kind.PULL, size));
    }

    SizeMix mostlyMedium = new SizeMix(List.of(small, medium, large), List.of(0.2, 0.7, 0.1));
    SizeMix even = new SizeMix(List.of(small, medium, large), List.of(1.0, 1.0, 1.0));
    String mixName = "20% " + s + ", 70% " + m + ", 10% " + l;
    suite.add(new Scenario("Pull Mixed " + mixName, Kind.PULL, mostlyMedium, 0));
    suite.add(new Scenario("Push Monolith Mixed " + mixName, Kind.PUSH_MONOLITH, mostlyMedium, 0));
    suite.add(
        new Scenario(
            "Push Chunk Mixed 33% " + s + ", 33% " + m + ", 33% " + l, Kind.PUSH_CHUNKED, even, 0));

    for (long size : List.of(small, medium, large)) {
      suite.add(
          new Scenario(
              "Pull 75% and Push 25% Mixed " + label(size), Kind.MIXED, SizeMix.of(size), 0.75));
    }
    return List.copyOf(suite);
  }

  private static Scenario single(String name, Kind kind, long size) {
    return new Scenario(name, kind, SizeMix.of(size), 0);
  }

  /** Prints a size as zb does: whole MiB as "MB", whole KiB as "KB", else bytes as "B". */
  static String label(long bytes) {
    if (bytes > 0 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + "MB";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return bytes + "B";
  }
}
