package dev.berth.server.config;

import static dev.berth.server.config.ConfigBinder.quote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.config.RawSettings.RawValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Parses the {@code rate_limits} section, adding a problem for every invalid value. */
final class RateLimitBinder {

  /** User and organization names: lower-case letters and digits, as wide as the users table. */
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{1,64}");

  private static final String UNLIMITED = "unlimited";

  private final ConfigBinder binder;
  private final RawSettings raw;
  private final List<ConfigProblem> problems;

  RateLimitBinder(ConfigBinder binder, RawSettings raw, List<ConfigProblem> problems) {
    this.binder = binder;
    this.raw = raw;
    this.problems = problems;
  }

  RateLimitConfig bind(RateLimitConfig defaults) {
    boolean enabled =
        binder
            .scalar(ConfigKey.RATE_LIMITS_ENABLED, ConfigBinder::parseBoolean)
            .orElse(defaults.enabled());
    Duration window =
        binder
            .scalar(ConfigKey.RATE_LIMITS_WINDOW, RateLimitBinder::parseWindow)
            .orElse(defaults.window());
    long anonymous =
        binder
            .scalar(ConfigKey.RATE_LIMITS_ANONYMOUS, RateLimitBinder::parsePullCount)
            .orElse(defaults.anonymous());
    long authenticated =
        binder
            .scalar(ConfigKey.RATE_LIMITS_AUTHENTICATED, RateLimitBinder::parsePullCount)
            .orElse(defaults.authenticated());
    Map<String, OptionalLong> overrides = bindOverrides().orElse(defaults.overrides());
    List<String> unlimitedAddresses =
        binder
            .bindAddressList(ConfigKey.RATE_LIMITS_UNLIMITED_ADDRESSES)
            .orElse(defaults.unlimitedAddresses());
    return new RateLimitConfig(
        enabled, window, anonymous, authenticated, overrides, unlimitedAddresses);
  }

  /**
   * Parses the overrides: a YAML mapping such as {@code {alice: 5000, ci: unlimited}}, or one
   * string such as {@code alice=5000,ci=unlimited} as an environment variable carries it.
   */
  private Optional<Map<String, OptionalLong>> bindOverrides() {
    Optional<RawValue> value = raw.get(ConfigKey.RATE_LIMITS_OVERRIDES);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String name = value.get().name();
    JsonNode node = value.get().node();

    Map<String, String> entries = new LinkedHashMap<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getValue().isValueNode() || field.getValue().isNull()) {
          problems.add(
              new ConfigProblem(
                  name + "." + field.getKey(),
                  "is not a single value; use a number of pulls or unlimited"));
          return Optional.empty();
        }
        entries.put(field.getKey(), field.getValue().asText());
      }
    } else if (node.isValueNode()) {
      for (String entry : node.asText().split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int equals = entry.indexOf('=');
        if (equals < 0) {
          problems.add(
              new ConfigProblem(
                  name,
                  "entry "
                      + quote(entry.strip())
                      + " has no '='; write ACCOUNT=PULLS entries separated by commas, such as"
                      + " alice=5000,ci=unlimited"));
          return Optional.empty();
        }
        entries.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
      }
    } else {
      problems.add(
          new ConfigProblem(
              name,
              "is a list; use a mapping of account names to pulls per window, such as"
                  + " {alice: 5000, ci: unlimited}"));
      return Optional.empty();
    }

    Map<String, OptionalLong> overrides = new LinkedHashMap<>();
    boolean valid = true;
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String account = entry.getKey();
      if (!ACCOUNT.matcher(account).matches()) {
        problems.add(
            new ConfigProblem(
                name,
                quote(account)
                    + " is not an account name; use the lower-case name of a user or"
                    + " organization"));
        valid = false;
        continue;
      }
      try {
        overrides.put(account, parseOverride(entry.getValue()));
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(name + "." + account, e.getMessage()));
        valid = false;
      }
    }
    return valid ? Optional.of(overrides) : Optional.empty();
  }

  private static OptionalLong parseOverride(String text) {
    if (text.strip().toLowerCase(Locale.ROOT).equals(UNLIMITED)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(parsePullCount(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          quote(text) + " is not a number of pulls or unlimited; use a whole number, such as 5000",
          e);
    }
  }

  private static long parsePullCount(String text) {
    long count;
    try {
      count = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          quote(text) + " is not a whole number; use a number of pulls per window, such as 100", e);
    }
    if (count < 0) {
      throw new IllegalArgumentException(
          quote(text) + " is negative; use 0 to reject every pull, or a positive number of pulls");
    }
    return count;
  }

  /** Parses a window: whole seconds, because the rate-limit headers give it in seconds. */
  private static Duration parseWindow(String text) {
    Duration window = DurationText.parse(text);
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          quote(text)
              + " is not a whole number of seconds of at least 1s; the rate-limit headers give"
              + " the window in seconds, so use s, m or h, such as 6h");
    }
    return window;
  }
}
