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
   * @param problems every problem found, in a stable order: the file, unknown keys and unknown
   *     variables first, then values by key in the order listen, data_dir, external_url,
   *     trusted_proxies, tls, shutdown_grace, database, uploads and limits
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
