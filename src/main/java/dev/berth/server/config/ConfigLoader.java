package dev.berth.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration from defaults, an optional YAML file and {@code BERTH_…} environment
 * variables, and validates it in one pass that reports every invalid value.
 *
 * <p>The keys, with the file's nesting written as dots:
 *
 * <ul>
 *   <li>{@code listen}: {@code HOST:PORT}, IPv6 in brackets; default {@code 127.0.0.1:5000}
 *   <li>{@code data_dir}: directory for blobs and the SQLite file; default {@code data}
 *   <li>{@code external_url}: the absolute http or https URL clients use, with no path
 *   <li>{@code trusted_proxies}: IP addresses or CIDR ranges of reverse proxies
 *   <li>{@code tls.certificate}, {@code tls.private_key}: PEM files, both or neither
 *   <li>{@code tls.reload_interval}, {@code shutdown_grace}, {@code uploads.session_ttl}, {@code
 *       uploads.purge_interval}: positive durations such as {@code 500ms}, {@code 30s}, {@code 10m}
 *       or {@code 24h}
 *   <li>{@code database.url}: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://…}; default
 *       SQLite under {@code data_dir}
 *   <li>{@code database.username}, {@code database.password}: PostgreSQL credentials
 *   <li>{@code database.max_connections}: connection pool size, at least 1
 *   <li>{@code limits.manifest_max_bytes}: positive size such as {@code 4194304}, {@code 512KiB} or
 *       {@code 4MiB}
 * </ul>
 *
 * <p>An environment variable is {@code BERTH_} plus the key upper-cased with dots turned into
 * underscores, such as {@code BERTH_TLS_CERTIFICATE}, and wins over the file. {@code
 * BERTH_TRUSTED_PROXIES} is comma-separated. A variable set to the empty string counts as unset,
 * and so does a file key written with no value. Unknown keys and unknown {@code BERTH_} variables
 * are problems. Relative paths are resolved against the working directory.
 *
 * <p>Thread-safe, because it keeps no state between calls.
 */
public final class ConfigLoader {

  /** Creates a loader over {@link BerthConfig#defaults()}. */
  public ConfigLoader() {}

  /**
   * Loads and validates the configuration. It reads the file and checks that configured files
   * exist, but opens no port and no database.
   *
   * @param yamlFile the YAML configuration file, if any. A file that does not exist is a problem.
   * @param environment the process environment, usually {@link System#getenv()}; only names that
   *     start with {@code BERTH_} are read
   * @return the effective configuration, or every problem found
   */
  public ConfigResult load(Optional<Path> yamlFile, Map<String, String> environment) {
    List<ConfigProblem> problems = new ArrayList<>();
    RawSettings raw = RawSettings.read(yamlFile, environment, problems);
    BerthConfig config = new ConfigBinder(raw, problems).bind(BerthConfig.defaults());
    return problems.isEmpty() ? new ConfigResult.Valid(config) : new ConfigResult.Invalid(problems);
  }
}
