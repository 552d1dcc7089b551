package dev.berth.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders a configuration as YAML with the configuration file's keys, with every secret replaced by
 * {@code ******}, so it can be printed or logged. Values that are not set are left out.
 */
public final class MaskedConfig {

  static final String MASK = "******";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  /** The user-info password in {@code scheme://user:password@host}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  /** A {@code password=} parameter, as in {@code jdbc:postgresql://host/db?password=…}. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("((?i)password=)[^&;]*");

  private MaskedConfig() {}

  /**
   * Returns {@code config} as YAML, with the database password and any password in a URL masked.
   */
  public static String toYaml(BerthConfig config) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.put(ConfigKey.LISTEN.path(), config.listen().toString());
    root.put(ConfigKey.DATA_DIR.path(), config.dataDir().toString());
    config.externalUrl().ifPresent(url -> root.put(ConfigKey.EXTERNAL_URL.path(), url.toString()));
    config.trustedProxies().forEach(root.putArray(ConfigKey.TRUSTED_PROXIES.path())::add);

    ObjectNode tls = section(root, ConfigKey.TLS_CERTIFICATE);
    putIfPresent(tls, ConfigKey.TLS_CERTIFICATE, config.tls().certificate().map(Object::toString));
    putIfPresent(tls, ConfigKey.TLS_PRIVATE_KEY, config.tls().privateKey().map(Object::toString));
    tls.put(
        ConfigKey.TLS_RELOAD_INTERVAL.fieldName(),
        DurationText.format(config.tls().reloadInterval()));

    root.put(ConfigKey.SHUTDOWN_GRACE.path(), DurationText.format(config.shutdownGrace()));

    DatabaseConfig database = config.database();
    ObjectNode databaseNode = section(root, ConfigKey.DATABASE_URL);
    putIfPresent(
        databaseNode, ConfigKey.DATABASE_URL, database.url().map(MaskedConfig::maskDatabaseUrl));
    putIfPresent(databaseNode, ConfigKey.DATABASE_USERNAME, database.username());
    putIfPresent(
        databaseNode, ConfigKey.DATABASE_PASSWORD, database.password().map(secret -> MASK));
    databaseNode.put(ConfigKey.DATABASE_MAX_CONNECTIONS.fieldName(), database.maxConnections());

    ObjectNode uploads = section(root, ConfigKey.UPLOADS_SESSION_TTL);
    uploads.put(
        ConfigKey.UPLOADS_SESSION_TTL.fieldName(),
        DurationText.format(config.uploads().sessionTtl()));
    uploads.put(
        ConfigKey.UPLOADS_PURGE_INTERVAL.fieldName(),
        DurationText.format(config.uploads().purgeInterval()));

    section(root, ConfigKey.LIMITS_MANIFEST_MAX_BYTES)
        .put(
            ConfigKey.LIMITS_MANIFEST_MAX_BYTES.fieldName(),
            ByteSizeText.format(config.manifestMaxBytes()));

    AuthConfig auth = config.auth();
    config.auth().adminPassword().ifPresent(p -> root.put(ConfigKey.ADMIN_PASSWORD.path(), MASK));
    ObjectNode authNode = section(root, ConfigKey.AUTH_ENABLED);
    authNode.put(ConfigKey.AUTH_ENABLED.fieldName(), auth.enabled());
    authNode.put(ConfigKey.AUTH_SERVICE.fieldName(), auth.service());
    authNode.put(ConfigKey.AUTH_TOKEN_TTL.fieldName(), DurationText.format(auth.tokenTtl()));
    authNode.put(
        ConfigKey.AUTH_REFRESH_TOKEN_TTL.fieldName(), DurationText.format(auth.refreshTokenTtl()));
    putIfPresent(authNode, ConfigKey.AUTH_SIGNING_KEY, auth.signingKey().map(Object::toString));
    authNode.put(ConfigKey.AUTH_DEFAULT_PRIVATE.fieldName(), auth.defaultPrivate());
    authNode.put(
        ConfigKey.AUTH_SESSION_IDLE_TIMEOUT.fieldName(),
        DurationText.format(auth.sessionIdleTimeout()));
    authNode.put(
        ConfigKey.AUTH_SESSION_LIFETIME.fieldName(), DurationText.format(auth.sessionLifetime()));

    ObjectNode webhooks = section(root, ConfigKey.WEBHOOKS_ALLOWED_HOSTS);
    config
        .webhooks()
        .allowedHosts()
        .forEach(webhooks.putArray(ConfigKey.WEBHOOKS_ALLOWED_HOSTS.fieldName())::add);

    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("YAML rendering of a tree of strings failed", e);
    }
  }

  /** Replaces a password in a database URL's user info or {@code password=} parameter. */
  static String maskDatabaseUrl(String url) {
    String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK + "@");
    return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }

  private static ObjectNode section(ObjectNode root, ConfigKey key) {
    String name = key.section().orElseThrow();
    return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
  }

  private static void putIfPresent(ObjectNode node, ConfigKey key, Optional<String> value) {
    value.ifPresent(text -> node.put(key.fieldName(), text));
  }
}
