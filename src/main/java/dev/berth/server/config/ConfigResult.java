package dev.berth.server.config;

import java.util.List;

/** The outcome of loading the configuration: a valid configuration or every problem found. */
public sealed interface ConfigResult {

  /**
   * A configuration in which every value parsed and passed its checks.
   *
   * @param config the effective configuration: defaults, overridden by the file, overridden by the
   *     environment
   */
  record Valid(BerthConfig config) implements ConfigResult {}

  /**
   * A configuration with at least one invalid value.
   *
   * @param problems every problem found, in a stable order: the file and unknown keys first, then
   *     values in the order of the key table in {@link ConfigLoader}, then conflicts between keys
   */
  record Invalid(List<ConfigProblem> problems) implements ConfigResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid configuration needs at least one problem");
      }
    }
  }
}
