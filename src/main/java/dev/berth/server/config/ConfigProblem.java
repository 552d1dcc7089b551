package dev.berth.server.config;

/**
 * One invalid configuration value.
 *
 * @param key where the value came from: a YAML key path such as {@code tls.certificate}, an
 *     environment variable such as {@code BERTH_LISTEN}, or the configuration file's path for a
 *     problem with the file as a whole
 * @param message what is wrong with the value and how to fix it; never contains a secret
 */
public record ConfigProblem(String key, String message) {

  /** Returns the problem as {@code KEY: MESSAGE}, the form printed to operators. */
  @Override
  public String toString() {
    return key + ": " + message;
  }
}
