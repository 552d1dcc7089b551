package dev.berth.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, spelled once. The YAML file nests a dotted key under its section ({@code
 * tls.certificate} is {@code certificate} inside {@code tls}), and the environment variable is
 * {@code BERTH_} plus the key upper-cased with dots turned into underscores.
 */
enum ConfigKey {
  LISTEN("listen"),
  DATA_DIR("data_dir"),
  EXTERNAL_URL("external_url"),
  TRUSTED_PROXIES("trusted_proxies"),
  TLS_CERTIFICATE("tls.certificate"),
  TLS_PRIVATE_KEY("tls.private_key"),
  TLS_RELOAD_INTERVAL("tls.reload_interval"),
  SHUTDOWN_GRACE("shutdown_grace"),
  DATABASE_URL("database.url"),
  DATABASE_USERNAME("database.username"),
  DATABASE_PASSWORD("database.password"),
  DATABASE_MAX_CONNECTIONS("database.max_connections"),
  UPLOADS_SESSION_TTL("uploads.session_ttl"),
  UPLOADS_PURGE_INTERVAL("uploads.purge_interval"),
  LIMITS_MANIFEST_MAX_BYTES("limits.manifest_max_bytes"),
  ADMIN_PASSWORD("admin_password"),
  AUTH_ENABLED("auth.enabled"),
  AUTH_SERVICE("auth.service"),
  AUTH_TOKEN_TTL("auth.token_ttl"),
  AUTH_REFRESH_TOKEN_TTL("auth.refresh_token_ttl"),
  AUTH_SIGNING_KEY("auth.signing_key"),
  AUTH_DEFAULT_PRIVATE("auth.default_private"),
  AUTH_SESSION_IDLE_TIMEOUT("auth.session_idle_timeout"),
  AUTH_SESSION_LIFETIME("auth.session_lifetime"),
  WEBHOOKS_ALLOWED_HOSTS("webhooks.allowed_hosts"),
  RATE_LIMITS_ENABLED("rate_limits.enabled"),
  RATE_LIMITS_WINDOW("rate_limits.window"),
  RATE_LIMITS_ANONYMOUS("rate_limits.anonymous"),
  RATE_LIMITS_AUTHENTICATED("rate_limits.authenticated"),
  RATE_LIMITS_OVERRIDES("rate_limits.overrides"),
  RATE_LIMITS_UNLIMITED_ADDRESSES("rate_limits.unlimited_addresses"),
  UI_SIGNUP_ENABLED("ui.signup_enabled");

  /** Environment variables with this prefix belong to the test suite and are not settings. */
  static final String TEST_ENVIRONMENT_PREFIX = "BERTH_TEST_";

  /**
   * Variables that start with the prefix but are read elsewhere: the log levels by logback.xml,
   * and the JVM options and the AOT cache switch by the berth launcher script.
   */
  static final java.util.Set<String> OTHER_VARIABLES =
      java.util.Set.of(
          "BERTH_LOG_LEVEL", "BERTH_ACCESS_LOG_LEVEL", "BERTH_JAVA_OPTS", "BERTH_AOT_CACHE");

  static final String ENVIRONMENT_PREFIX = "BERTH_";

  private final String path;

  ConfigKey(String path) {
    this.path = path;
  }

  /** Returns the dotted YAML key path, such as {@code tls.certificate}. */
  String path() {
    return path;
  }

  /** Returns the environment variable that overrides this key, such as {@code BERTH_LISTEN}. */
  String environmentVariable() {
    return ENVIRONMENT_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Returns the YAML section this key sits in, such as {@code tls}, or empty at the top level. */
  Optional<String> section() {
    int dot = path.indexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(path.substring(0, dot));
  }

  /** Returns the key name inside its section, such as {@code certificate}. */
  String fieldName() {
    return path.substring(path.indexOf('.') + 1);
  }

  static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(key -> key.path.equals(path)).findFirst();
  }

  static Optional<ConfigKey> byEnvironmentVariable(String variable) {
    return Arrays.stream(values())
        .filter(key -> key.environmentVariable().equals(variable))
        .findFirst();
  }
}
