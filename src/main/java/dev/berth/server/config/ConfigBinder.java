package dev.berth.server.config;

import static dev.berth.server.config.ConfigKey.DATABASE_MAX_CONNECTIONS;
import static dev.berth.server.config.ConfigKey.DATABASE_PASSWORD;
import static dev.berth.server.config.ConfigKey.DATABASE_URL;
import static dev.berth.server.config.ConfigKey.DATABASE_USERNAME;
import static dev.berth.server.config.ConfigKey.DATA_DIR;
import static dev.berth.server.config.ConfigKey.EXTERNAL_URL;
import static dev.berth.server.config.ConfigKey.LIMITS_MANIFEST_MAX_BYTES;
import static dev.berth.server.config.ConfigKey.LISTEN;
import static dev.berth.server.config.ConfigKey.SHUTDOWN_GRACE;
import static dev.berth.server.config.ConfigKey.TLS_CERTIFICATE;
import static dev.berth.server.config.ConfigKey.TLS_PRIVATE_KEY;
import static dev.berth.server.config.ConfigKey.TLS_RELOAD_INTERVAL;
import static dev.berth.server.config.ConfigKey.TRUSTED_PROXIES;
import static dev.berth.server.config.ConfigKey.UPLOADS_PURGE_INTERVAL;
import static dev.berth.server.config.ConfigKey.UPLOADS_SESSION_TTL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.server.config.RawSettings.RawValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses raw values into the typed configuration records, adding a problem for every value that
 * fails and keeping the default in its place, so one pass finds every problem.
 */
final class ConfigBinder {

  private final RawSettings raw;
  private final List<ConfigProblem> problems;

  ConfigBinder(RawSettings raw, List<ConfigProblem> problems) {
    this.raw = raw;
    this.problems = problems;
  }

  /**
   * Parses every value written over {@code defaults}. The result is the effective configuration
   * only when no problem was added.
   */
  BerthConfig bind(BerthConfig defaults) {
    HostPort listen = scalar(LISTEN, ConfigBinder::parseListen).orElse(defaults.listen());
    Path dataDir = scalar(DATA_DIR, ConfigBinder::parseDataDir).orElse(defaults.dataDir());
    Optional<URI> externalUrl =
        scalar(EXTERNAL_URL, ConfigBinder::parseExternalUrl).or(defaults::externalUrl);
    List<String> trustedProxies = bindTrustedProxies().orElse(defaults.trustedProxies());
    TlsConfig tls = bindTls(defaults.tls());
    Duration shutdownGrace = positiveDuration(SHUTDOWN_GRACE).orElse(defaults.shutdownGrace());
    DatabaseConfig database = bindDatabase(defaults.database());
    UploadConfig uploads =
        new UploadConfig(
            positiveDuration(UPLOADS_SESSION_TTL).orElse(defaults.uploads().sessionTtl()),
            positiveDuration(UPLOADS_PURGE_INTERVAL).orElse(defaults.uploads().purgeInterval()));
    long manifestMaxBytes =
        scalar(LIMITS_MANIFEST_MAX_BYTES, ConfigBinder::parsePositiveSize)
            .orElse(defaults.manifestMaxBytes());
    AuthConfig auth = bindAuth(defaults.auth());
    WebhookConfig webhooks =
        new WebhookConfig(bindAllowedHosts().orElse(defaults.webhooks().allowedHosts()));
    return new BerthConfig(
        listen,
        dataDir,
        externalUrl,
        trustedProxies,
        tls,
        shutdownGrace,
        database,
        uploads,
        manifestMaxBytes,
        auth,
        webhooks);
  }

  private AuthConfig bindAuth(AuthConfig defaults) {
    boolean enabled =
        scalar(ConfigKey.AUTH_ENABLED, ConfigBinder::parseBoolean).orElse(defaults.enabled());
    String service =
        scalar(ConfigKey.AUTH_SERVICE, ConfigBinder::parseServiceName).orElse(defaults.service());
    Duration tokenTtl = positiveDuration(ConfigKey.AUTH_TOKEN_TTL).orElse(defaults.tokenTtl());
    Duration refreshTtl =
        positiveDuration(ConfigKey.AUTH_REFRESH_TOKEN_TTL).orElse(defaults.refreshTokenTtl());
    Optional<Path> signingKey =
        scalar(ConfigKey.AUTH_SIGNING_KEY, ConfigBinder::parsePath).or(defaults::signingKey);
    boolean defaultPrivate =
        scalar(ConfigKey.AUTH_DEFAULT_PRIVATE, ConfigBinder::parseBoolean)
            .orElse(defaults.defaultPrivate());
    Optional<Secret> adminPassword =
        scalar(ConfigKey.ADMIN_PASSWORD, ConfigBinder::parseAdminPassword).or(defaults::adminPassword);
    Duration sessionIdle =
        positiveDuration(ConfigKey.AUTH_SESSION_IDLE_TIMEOUT)
            .orElse(defaults.sessionIdleTimeout());
    Duration sessionLifetime =
        positiveDuration(ConfigKey.AUTH_SESSION_LIFETIME).orElse(defaults.sessionLifetime());
    return new AuthConfig(
        enabled,
        service,
        tokenTtl,
        refreshTtl,
        signingKey,
        defaultPrivate,
        adminPassword,
        sessionIdle,
        sessionLifetime);
  }

  private static boolean parseBoolean(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              quote(text) + " is not a boolean; use true or false");
    };
  }

  private static String parseServiceName(String text) {
    String name = text.strip();
    if (!name.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw new IllegalArgumentException(
          quote(text)
              + " is not a valid service name; use 1 to 100 letters, digits, '.', '_', ':' or '-'");
    }
    return name;
  }

  private static Secret parseAdminPassword(String text) {
    if (text.length() < 12) {
      throw new IllegalArgumentException(
          "is shorter than 12 characters; use a longer password for the administrator");
    }
    return new Secret(text);
  }

  private Optional<List<String>> bindTrustedProxies() {
    Optional<RawValue> value = raw.get(TRUSTED_PROXIES);
    if (value.isEmpty()) {
      return Optional.empty();
    }

    // A YAML list, or one comma-separated string as environment variables carry it.
    String name = value.get().name();
    JsonNode node = value.get().node();
    List<String> entries = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!element.isValueNode()) {
          problems.add(
              new ConfigProblem(
                  name,
                  "contains a nested list or mapping; use one IP address or CIDR range per list"
                      + " entry"));
          return Optional.empty();
        }
        entries.add(element.asText().strip());
      }
    } else if (node.isValueNode()) {
      for (String entry : node.asText().split(",")) {
        if (!entry.isBlank()) {
          entries.add(entry.strip());
        }
      }
    } else {
      problems.add(
          new ConfigProblem(
              name,
              "is a mapping; use a list of IP addresses or CIDR ranges, such as [10.0.0.0/8]"));
      return Optional.empty();
    }

    boolean valid = true;
    for (String entry : entries) {
      try {
        IpRange.parse(entry);
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(name, e.getMessage()));
        valid = false;
      }
    }
    return valid ? Optional.of(entries) : Optional.empty();
  }

  /**
   * Binds {@code webhooks.allowed_hosts}: a YAML list, or one comma-separated string as environment
   * variables carry it, of host names or IP literals.
   */
  private Optional<List<String>> bindAllowedHosts() {
    Optional<RawValue> value = raw.get(ConfigKey.WEBHOOKS_ALLOWED_HOSTS);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String name = value.get().name();
    JsonNode node = value.get().node();
    List<String> entries = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!element.isValueNode()) {
          problems.add(
              new ConfigProblem(
                  name, "contains a nested list or mapping; use one host name per list entry"));
          return Optional.empty();
        }
        entries.add(element.asText().strip());
      }
    } else if (node.isValueNode()) {
      for (String entry : node.asText().split(",")) {
        if (!entry.isBlank()) {
          entries.add(entry.strip());
        }
      }
    } else {
      problems.add(
          new ConfigProblem(
              name, "is a mapping; use a list of host names, such as [ci.internal, 10.0.0.5]"));
      return Optional.empty();
    }
    boolean valid = true;
    for (String entry : entries) {
      if (!isHostOrAddress(entry)) {
        problems.add(
            new ConfigProblem(
                name,
                quote(entry)
                    + " is not a host name or IP address; give the bare host of the webhook URL,"
                    + " without scheme, port or path, such as ci.internal or 10.0.0.5"));
        valid = false;
      }
    }
    return valid ? Optional.of(entries) : Optional.empty();
  }

  private static boolean isHostOrAddress(String entry) {
    String label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    if (entry.length() <= 253 && entry.matches(label + "(?:\\." + label + ")*\\.?")) {
      return true;
    }
    String literal =
        entry.startsWith("[") && entry.endsWith("]")
            ? entry.substring(1, entry.length() - 1)
            : entry;
    try {
      return literal.contains(":") && IpRange.parse(literal).prefixLength() == 128;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private TlsConfig bindTls(TlsConfig defaults) {
    Optional<Path> certificate =
        scalar(TLS_CERTIFICATE, ConfigBinder::parseReadableFile).or(defaults::certificate);
    Optional<Path> privateKey =
        scalar(TLS_PRIVATE_KEY, ConfigBinder::parseReadableFile).or(defaults::privateKey);
    Duration reloadInterval =
        positiveDuration(TLS_RELOAD_INTERVAL).orElse(defaults.reloadInterval());

    // HTTPS needs both files. Presence is judged on what was written, so a file that is merely
    // not found does not also count as missing.
    Optional<RawValue> certificateValue = raw.get(TLS_CERTIFICATE);
    Optional<RawValue> privateKeyValue = raw.get(TLS_PRIVATE_KEY);
    if (certificateValue.isPresent() && privateKeyValue.isEmpty()) {
      problems.add(missingPartner(TLS_PRIVATE_KEY, certificateValue.get()));
    }
    if (privateKeyValue.isPresent() && certificateValue.isEmpty()) {
      problems.add(missingPartner(TLS_CERTIFICATE, privateKeyValue.get()));
    }
    return new TlsConfig(certificate, privateKey, reloadInterval);
  }

  private static ConfigProblem missingPartner(ConfigKey missing, RawValue present) {
    return new ConfigProblem(
        missing.path(),
        "missing, but "
            + present.name()
            + " is set; set both "
            + TLS_CERTIFICATE.path()
            + " and "
            + TLS_PRIVATE_KEY.path()
            + " to serve HTTPS, or neither to serve plain HTTP");
  }

  private DatabaseConfig bindDatabase(DatabaseConfig defaults) {
    Optional<String> url = scalar(DATABASE_URL, ConfigBinder::parseDatabaseUrl).or(defaults::url);
    Optional<String> username = scalar(DATABASE_USERNAME, String::valueOf).or(defaults::username);
    Optional<Secret> password = scalar(DATABASE_PASSWORD, Secret::new).or(defaults::password);
    int maxConnections =
        scalar(DATABASE_MAX_CONNECTIONS, ConfigBinder::parseConnectionCount)
            .orElse(defaults.maxConnections());

    // SQLite has no users, so credentials there mean database.url was forgotten. An invalid URL
    // is reported already and skips this check.
    boolean urlInvalid = raw.get(DATABASE_URL).isPresent() && url.isEmpty();
    boolean sqlite = url.map(u -> Dialect.of(u) == Dialect.SQLITE).orElse(true);
    if (!urlInvalid && sqlite) {
      for (ConfigKey credential : List.of(DATABASE_USERNAME, DATABASE_PASSWORD)) {
        raw.get(credential)
            .ifPresent(
                value ->
                    problems.add(
                        new ConfigProblem(
                            value.name(),
                            "is set, but the database is SQLite, which has no users; set "
                                + DATABASE_URL.path()
                                + " to a jdbc:postgresql:// URL, or remove "
                                + value.name())));
      }
    }
    return new DatabaseConfig(url, username, password, maxConnections);
  }

  private Optional<Duration> positiveDuration(ConfigKey key) {
    return scalar(
        key,
        text -> {
          Duration duration = DurationText.parse(text);
          if (duration.isZero()) {
            throw new IllegalArgumentException(
                quote(text) + " is not positive; use a duration of at least 1ms, such as 30s");
          }
          return duration;
        });
  }

  /**
   * Parses the single value written for {@code key}, or returns empty when none was written or when
   * it is invalid, in which case a problem names the value and the fix.
   *
   * @param parser turns the text into a value, or throws {@link IllegalArgumentException} with a
   *     message that shows the value and how to fix it
   */
  private <T> Optional<T> scalar(ConfigKey key, Function<String, T> parser) {
    Optional<RawValue> value = raw.get(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = value.get().node();
    if (!node.isValueNode()) {
      String kind = node.isArray() ? "a list" : "a mapping";
      problems.add(new ConfigProblem(value.get().name(), "is " + kind + "; use a single value"));
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(node.asText()));
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(value.get().name(), e.getMessage()));
      return Optional.empty();
    }
  }

  private static HostPort parseListen(String text) {
    return HostPort.parse(text.strip());
  }

  private static Path parseDataDir(String text) {
    Path path = parsePath(text);
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          quote(text)
              + " is a file, not a directory; use a directory, which Berth creates when missing");
    }
    return path;
  }

  private static Path parseReadableFile(String text) {
    Path path = parsePath(text);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          quote(text) + " not found" + workingDirectoryHint(path) + "; check the path");
    }
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(quote(text) + " is a directory; use the PEM file in it");
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(
          quote(text) + " is not readable by this process; check its permissions and owner");
    }
    return path;
  }

  private static Path parsePath(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "is empty; give a path, or remove the key to use the default");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(quote(text) + " is not a valid path: " + e.getReason(), e);
    }
  }

  /**
   * Parses the URL clients use to reach Berth. It has no path because Docker clients reach a
   * registry only at the root of a host, under {@code /v2/}.
   */
  private static URI parseExternalUrl(String text) {
    String fix = "; use http:// or https:// and a host, such as https://registry.example.com";
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(quote(text) + " is not a valid URL" + fix, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(quote(text) + " is not an absolute HTTP URL" + fix);
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          quote(text) + " has a user, query or fragment; use only scheme, host and port" + fix);
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new IllegalArgumentException(
          quote(text)
              + " has a path, but Docker clients reach a registry only at the root of a host;"
              + " use "
              + scheme
              + "://"
              + uri.getRawAuthority());
    }
    return URI.create(scheme + "://" + uri.getRawAuthority());
  }

  private static String parseDatabaseUrl(String text) {
    String url = text.strip();
    try {
      Dialect.of(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          quote(MaskedConfig.maskDatabaseUrl(url))
              + " is not a supported database URL; use jdbc:sqlite:FILE or"
              + " jdbc:postgresql://HOST:PORT/DATABASE");
    }
    if (url.equals("jdbc:sqlite:")) {
      throw new IllegalArgumentException(
          quote(url)
              + " names no database file; use jdbc:sqlite:FILE, such as"
              + " jdbc:sqlite:data/berth.db");
    }
    return url;
  }

  private static int parseConnectionCount(String text) {
    int count;
    try {
      count = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          quote(text) + " is not a whole number; use a connection count, such as 10", e);
    }
    if (count < 1) {
      throw new IllegalArgumentException(
          quote(text) + " is less than 1; use at least 1 connection, such as 10");
    }
    return count;
  }

  private static long parsePositiveSize(String text) {
    long bytes = ByteSizeText.parse(text);
    if (bytes == 0) {
      throw new IllegalArgumentException(
          quote(text) + " is not positive; use a size of at least 1 byte, such as 4MiB");
    }
    return bytes;
  }

  /** Quotes a value for a message, escaping quotes, backslashes and control characters. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  /** Returns the working directory for a relative path, so a not-found path shows its base. */
  static String workingDirectoryHint(Path path) {
    return path.isAbsolute()
        ? ""
        : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")";
  }

  /** Joins names as {@code a, b and c}. */
  static String listOf(List<String> names) {
    if (names.size() < 2) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
  }
}
