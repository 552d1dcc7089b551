package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader();
  private Path certificate;
  private Path privateKey;

  @BeforeEach
  void createPemFiles() throws IOException {
    // The loader checks only that these exist and are readable; the tls package parses them.
    certificate = Files.writeString(dir.resolve("tls.crt"), "certificate");
    privateKey = Files.writeString(dir.resolve("tls.key"), "key");
  }

  @Test
  void load_nothingConfigured_returnsDefaults() {
    BerthConfig config = valid(loader.load(Optional.empty(), Map.of()));

    assertThat(config).isEqualTo(BerthConfig.defaults());
  }

  @Test
  void load_everyKeyInFile_parsesEveryKey() throws IOException {
    String yaml =
        """
        listen: 0.0.0.0:5443
        data_dir: /var/lib/berth
        external_url: https://registry.example.com/
        trusted_proxies:
          - 10.0.0.0/8
          - 192.168.1.7
          - fd00::/8
        tls:
          certificate: %s
          private_key: %s
          reload_interval: 1m
        shutdown_grace: 45s
        database:
          url: jdbc:postgresql://db.example.com:5432/berth
          username: berth
          password: s3cret
          max_connections: 25
        uploads:
          session_ttl: 12h
          purge_interval: 500ms
        limits:
          manifest_max_bytes: 8MiB
        """
            .formatted(certificate, privateKey);

    BerthConfig config = valid(load(yaml, Map.of()));

    assertThat(config.listen()).isEqualTo(new HostPort("0.0.0.0", 5443));
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/berth"));
    assertThat(config.externalUrl()).contains(URI.create("https://registry.example.com"));
    assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.7", "fd00::/8");
    assertThat(config.tls().certificate()).contains(certificate);
    assertThat(config.tls().privateKey()).contains(privateKey);
    assertThat(config.tls().reloadInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.database().url()).contains("jdbc:postgresql://db.example.com:5432/berth");
    assertThat(config.database().username()).contains("berth");
    assertThat(config.database().password()).contains(new Secret("s3cret"));
    assertThat(config.database().maxConnections()).isEqualTo(25);
    assertThat(config.uploads().sessionTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(config.uploads().purgeInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.manifestMaxBytes()).isEqualTo(8L * 1024 * 1024);
  }

  @Test
  void load_environmentAndFile_environmentWins() throws IOException {
    String yaml =
        """
        listen: 127.0.0.1:5000
        shutdown_grace: 10s
        database:
          max_connections: 5
        """;
    Map<String, String> environment =
        Map.of(
            "BERTH_LISTEN", "[::1]:6000",
            "BERTH_DATABASE_MAX_CONNECTIONS", "7",
            "BERTH_LIMITS_MANIFEST_MAX_BYTES", "512KiB",
            "BERTH_TLS_CERTIFICATE", certificate.toString(),
            "BERTH_TLS_PRIVATE_KEY", privateKey.toString(),
            "PATH", "/usr/bin");

    BerthConfig config = valid(load(yaml, environment));

    assertThat(config.listen()).isEqualTo(new HostPort("::1", 6000));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.database().maxConnections()).isEqualTo(7);
    assertThat(config.manifestMaxBytes()).isEqualTo(512L * 1024);
    assertThat(config.tls().enabled()).isTrue();
  }

  @Test
  void load_emptyEnvironmentVariable_keepsFileValue() throws IOException {
    BerthConfig config = valid(load("listen: 0.0.0.0:5000\n", Map.of("BERTH_LISTEN", "")));

    assertThat(config.listen()).isEqualTo(new HostPort("0.0.0.0", 5000));
  }

  @Test
  void load_keyWithoutValue_keepsDefault() throws IOException {
    BerthConfig config = valid(load("external_url:\ntls:\nlisten: ~\n", Map.of()));

    assertThat(config).isEqualTo(BerthConfig.defaults());
  }

  @Test
  void load_emptyFile_returnsDefaults() throws IOException {
    BerthConfig config = valid(load("", Map.of()));

    assertThat(config).isEqualTo(BerthConfig.defaults());
  }

  @Test
  void load_trustedProxiesFromEnvironment_splitsOnCommas() {
    BerthConfig config =
        valid(
            loader.load(
                Optional.empty(),
                Map.of("BERTH_TRUSTED_PROXIES", "10.0.0.0/8, 172.16.0.0/12,,::1")));

    assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "172.16.0.0/12", "::1");
  }

  @Test
  void load_proxiesAsString_splitsOnCommas() throws IOException {
    BerthConfig config = valid(load("trusted_proxies: 10.0.0.0/8,127.0.0.1\n", Map.of()));

    assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "127.0.0.1");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          listen                   | '5000'                  | "5000" is not HOST:PORT
          listen                   | 'localhost:99999'       | "localhost:99999" has an invalid port; use a number from 0 to 65535
          listen                   | 'localhost:-1'          | has an invalid port
          listen                   | '::1:5000'              | "::1:5000" has an IPv6 address without brackets; write it as [::1]:5000
          listen                   | '[fe80::zz]:5000'       | has an invalid host
          listen                   | 'exa_mple:5000'         | "exa_mple:5000" has an invalid host
          listen                   | '300.0.0.1:5000'        | "300.0.0.1:5000" has an invalid host
          data_dir                 | 'tls.crt'               | is a file, not a directory
          external_url             | 'registry.example.com'  | "registry.example.com" is not an absolute HTTP URL; use http:// or https://
          external_url             | 'ftp://example.com'     | is not an absolute HTTP URL
          external_url             | 'https://example.com/r' | has a path, but Docker clients reach a registry only at the root of a host; use https://example.com
          external_url             | 'https://example.com?a' | has a user, query or fragment
          external_url             | 'https://exa mple.com'  | is not a valid URL
          trusted_proxies          | '10.0.0.0/33'           | "10.0.0.0/33" has an invalid prefix length; use a number from 0 to 32
          trusted_proxies          | '10.0.0.1/8'            | "10.0.0.1/8" has host bits set; use 10.0.0.0/8
          trusted_proxies          | 'fd00::1/8'             | has host bits set; use fd00:0:0:0:0:0:0:0/8
          trusted_proxies          | '300.1.1.1'             | "300.1.1.1" is not an IP address or CIDR range
          trusted_proxies          | 'proxy.example.com'     | "proxy.example.com" is not an IP address or CIDR range
          trusted_proxies          | 'fe80::1%eth0'          | is not an IP address or CIDR range
          trusted_proxies          | '10.0.0.0/'             | has an invalid prefix length
          tls.reload_interval      | '0s'                    | "0s" is not positive; use a duration of at least 1ms
          shutdown_grace           | '3 parsecs'             | "3 parsecs" is not a duration; use a number with ms, s, m or h, such as 30s
          shutdown_grace           | '30'                    | "30" is not a duration
          shutdown_grace           | '1.5h'                  | "1.5h" is not a duration
          shutdown_grace           | '-5s'                   | "-5s" is not a duration
          shutdown_grace           | '9999999999999999h'     | is out of range
          uploads.session_ttl      | '0h'                    | is not positive
          uploads.purge_interval   | '10 minutes'            | is not a duration
          database.url             | 'jdbc:mysql://db/berth' | "jdbc:mysql://db/berth" is not a supported database URL; use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE
          database.url             | 'jdbc:sqlite:'          | names no database file
          database.max_connections | '0'                     | "0" is less than 1; use at least 1 connection
          database.max_connections | '-3'                    | is less than 1
          database.max_connections | 'ten'                   | "ten" is not a whole number
          limits.manifest_max_bytes | '4MB'                  | "4MB" is not a size; use a number of bytes, or a number with KiB, MiB or GiB
          limits.manifest_max_bytes | '0'                    | "0" is not positive
          limits.manifest_max_bytes | '9999999999GiB'        | is out of range
          """)
  void load_invalidValue_reportsKeyValueAndFix(String key, String value, String message)
      throws IOException {
    String text = value.replace("tls.crt", certificate.toString());

    List<ConfigProblem> problems = problems(load(yamlFor(key, text), Map.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().key()).isEqualTo(key);
    assertThat(problems.getFirst().message()).contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "10m, PT10M",
    "24h, PT24H",
    "' 15s ', PT15S",
  })
  void load_duration_parsesEveryUnit(String text, String expected) {
    BerthConfig config = valid(loader.load(Optional.empty(), Map.of("BERTH_SHUTDOWN_GRACE", text)));

    assertThat(config.shutdownGrace()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "4194304, 4194304",
    "512KiB, 524288",
    "4MiB, 4194304",
    "1GiB, 1073741824",
    "100B, 100",
  })
  void load_size_parsesEveryUnit(String text, long expected) {
    BerthConfig config =
        valid(loader.load(Optional.empty(), Map.of("BERTH_LIMITS_MANIFEST_MAX_BYTES", text)));

    assertThat(config.manifestMaxBytes()).isEqualTo(expected);
  }

  @Test
  void load_sizeAsYamlNumber_readsBytes() throws IOException {
    BerthConfig config = valid(load("limits:\n  manifest_max_bytes: 4194304\n", Map.of()));

    assertThat(config.manifestMaxBytes()).isEqualTo(4194304);
  }

  @Test
  void load_manyInvalidValues_reportsEveryOne() throws IOException {
    String yaml =
        """
        listen: nowhere
        external_url: /relative
        trusted_proxies: [10.0.0.0/8, 10.0.0.0/99, not-an-ip]
        shutdown_grace: 3 parsecs
        database:
          url: mysql://db
          max_connections: 0
        uploads:
          session_ttl: 0s
        limits:
          manifest_max_bytes: lots
        """;
    Map<String, String> environment = Map.of("BERTH_TLS_RELOAD_INTERVAL", "often");

    List<ConfigProblem> problems = problems(load(yaml, environment));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly(
            "listen",
            "external_url",
            "trusted_proxies",
            "trusted_proxies",
            "BERTH_TLS_RELOAD_INTERVAL",
            "shutdown_grace",
            "database.url",
            "database.max_connections",
            "uploads.session_ttl",
            "limits.manifest_max_bytes");
  }

  @Test
  void load_invalidEnvironmentValue_reportsVariableName() {
    List<ConfigProblem> problems =
        problems(loader.load(Optional.empty(), Map.of("BERTH_SHUTDOWN_GRACE", "soon")));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "BERTH_SHUTDOWN_GRACE",
                "\"soon\" is not a duration; use a number with ms, s, m or h, such as 30s"));
  }

  @Test
  void load_unknownKeys_suggestsClosestKey() throws IOException {
    String yaml =
        """
        lisen: 127.0.0.1:5000
        tls:
          certficate: /etc/berth/tls.crt
        colour: blue
        """;

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem("lisen", "unknown key; did you mean listen?"),
            new ConfigProblem("tls.certficate", "unknown key; did you mean certificate?"),
            new ConfigProblem(
                "colour",
                "unknown key; valid keys here are listen, data_dir, external_url,"
                    + " trusted_proxies, tls, shutdown_grace, database, uploads, limits,"
                    + " admin_password, auth and webhooks"));
  }

  @Test
  void load_dottedKeyInFile_explainsNesting() throws IOException {
    List<ConfigProblem> problems = problems(load("database.url: jdbc:sqlite:berth.db\n", Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "database.url", "dotted keys are not read; write url indented under database:"));
  }

  @Test
  void load_unknownEnvironmentVariables_reportsEach() {
    Map<String, String> environment =
        Map.of("BERTH_LISTN", "127.0.0.1:5000", "BERTH_COLOUR", "blue", "HOME", "/root");

    List<ConfigProblem> problems = problems(loader.load(Optional.empty(), environment));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("BERTH_COLOUR", "BERTH_LISTN");
    assertThat(problems.get(0).message())
        .startsWith("unknown variable; Berth reads only BERTH_LISTEN, BERTH_DATA_DIR,")
        .endsWith("and BERTH_WEBHOOKS_ALLOWED_HOSTS, so rename or unset it");
    assertThat(problems.get(1).message()).isEqualTo("unknown variable; did you mean BERTH_LISTEN?");
  }

  @Test
  void load_onlyCertificate_reportsMissingPrivateKey() throws IOException {
    List<ConfigProblem> problems =
        problems(load("tls:\n  certificate: %s\n".formatted(certificate), Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "tls.private_key",
                "missing, but tls.certificate is set; set both tls.certificate and"
                    + " tls.private_key to serve HTTPS, or neither to serve plain HTTP"));
  }

  @Test
  void load_onlyPrivateKey_reportsMissingCertificate() {
    List<ConfigProblem> problems =
        problems(
            loader.load(Optional.empty(), Map.of("BERTH_TLS_PRIVATE_KEY", privateKey.toString())));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly("tls.certificate");
    assertThat(problems.getFirst().message())
        .startsWith("missing, but BERTH_TLS_PRIVATE_KEY is set");
  }

  @Test
  void load_tlsFilesNotFound_reportsEachPath() throws IOException {
    Path missingCertificate = dir.resolve("missing.crt");
    String yaml =
        """
        tls:
          certificate: %s
          private_key: relative/missing.key
        """
            .formatted(missingCertificate);

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "tls.certificate", "\"" + missingCertificate + "\" not found; check the path"),
            new ConfigProblem(
                "tls.private_key",
                "\"relative/missing.key\" not found (relative to the working directory "
                    + Path.of("").toAbsolutePath()
                    + "); check the path"));
  }

  @Test
  void load_tlsPathIsDirectory_reportsDirectory() throws IOException {
    String yaml = "tls:\n  certificate: %s\n  private_key: %s\n".formatted(dir, privateKey);

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "tls.certificate", "\"" + dir + "\" is a directory; use the PEM file in it"));
  }

  @Test
  void load_configFileNotFound_reportsPath() {
    Path missing = dir.resolve("berth.yaml");

    List<ConfigProblem> problems = problems(loader.load(Optional.of(missing), Map.of()));

    assertThat(problems)
        .containsExactly(new ConfigProblem(missing.toString(), "file not found; check the path"));
  }

  @Test
  void load_fileNotFound_alsoReportsEnvironment() {
    Path missing = dir.resolve("berth.yaml");

    List<ConfigProblem> problems =
        problems(loader.load(Optional.of(missing), Map.of("BERTH_LISTEN", "nowhere")));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly(missing.toString(), "BERTH_LISTEN");
  }

  @Test
  void load_invalidYaml_reportsLineAndColumn() throws IOException {
    List<ConfigProblem> problems = problems(load("listen: [unclosed\n", Map.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().key()).endsWith("berth.yaml");
    assertThat(problems.getFirst().message())
        .isEqualTo(
            "invalid YAML at line 2, column 1: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence that starts at line 1, column 9)");
  }

  @Test
  void load_duplicateKey_reportsDuplicate() throws IOException {
    List<ConfigProblem> problems =
        problems(load("listen: 127.0.0.1:5000\nlisten: 0.0.0.0:5000\n", Map.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().message())
        .startsWith("invalid YAML at line 2, column 7: Duplicate field 'listen'");
  }

  @Test
  void load_fileIsList_reportsNotMapping() throws IOException {
    List<ConfigProblem> problems = problems(load("- listen\n- data_dir\n", Map.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().message()).startsWith("is not a YAML mapping of keys to values");
  }

  @Test
  void load_sectionIsScalar_reportsNotMapping() throws IOException {
    List<ConfigProblem> problems = problems(load("tls: yes\n", Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "tls",
                "is not a mapping; write its keys indented under it, such as"
                    + " tls: {certificate: …, private_key: …, reload_interval: …}"));
  }

  @Test
  void load_listWhereValueExpected_reportsList() throws IOException {
    List<ConfigProblem> problems = problems(load("listen: [a, b]\ndata_dir: {a: b}\n", Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem("listen", "is a list; use a single value"),
            new ConfigProblem("data_dir", "is a mapping; use a single value"));
  }

  @Test
  void load_sqliteWithCredentials_reportsCredentials() throws IOException {
    String yaml =
        """
        database:
          url: jdbc:sqlite:/var/lib/berth/berth.db
          username: berth
        """;

    List<ConfigProblem> problems =
        problems(load(yaml, Map.of("BERTH_DATABASE_PASSWORD", "s3cret")));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("database.username", "BERTH_DATABASE_PASSWORD");
    assertThat(problems.getFirst().message())
        .isEqualTo(
            "is set, but the database is SQLite, which has no users; set database.url to a"
                + " jdbc:postgresql:// URL, or remove database.username");
  }

  @Test
  void load_credentialsWithoutUrl_reportsSqliteDefault() {
    List<ConfigProblem> problems =
        problems(loader.load(Optional.empty(), Map.of("BERTH_DATABASE_USERNAME", "berth")));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly("BERTH_DATABASE_USERNAME");
  }

  @Test
  void load_unsupportedDatabaseUrl_masksPassword() throws IOException {
    String yaml =
        """
        database:
          url: postgres://berth:hunter2@db:5432/berth?password=hunter2
          password: hunter2
        """;

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly("database.url");
    assertThat(problems.getFirst().message())
        .startsWith("\"postgres://berth:******@db:5432/berth?password=******\" is not a supported")
        .doesNotContain("hunter2");
  }

  @Test
  void load_controlCharacters_escapedInMessage() {
    List<ConfigProblem> problems =
        problems(loader.load(Optional.empty(), Map.of("BERTH_SHUTDOWN_GRACE", "3\"s\n")));

    assertThat(problems.getFirst().message()).startsWith("\"3\\\"s\\u000a\" is not a duration");
  }

  @Test
  void load_ipv6Listen_parsesBracketedAddress() {
    BerthConfig config = valid(loader.load(Optional.empty(), Map.of("BERTH_LISTEN", "[::]:5000")));

    assertThat(config.listen()).isEqualTo(new HostPort("::", 5000));
  }

  @Test
  void load_hostNameListen_accepted() {
    BerthConfig config =
        valid(loader.load(Optional.empty(), Map.of("BERTH_LISTEN", "localhost:0")));

    assertThat(config.listen()).isEqualTo(new HostPort("localhost", 0));
  }

  private ConfigResult load(String yaml, Map<String, String> environment) throws IOException {
    Path file = Files.writeString(dir.resolve("berth.yaml"), yaml);
    return loader.load(Optional.of(file), environment);
  }

  /** Writes {@code value} under a dotted key, nesting it in its section. */
  private static String yamlFor(String key, String value) {
    String quoted = "'" + value.replace("'", "''") + "'";
    int dot = key.indexOf('.');
    if (dot < 0) {
      return key + ": " + quoted + "\n";
    }
    return key.substring(0, dot) + ":\n  " + key.substring(dot + 1) + ": " + quoted + "\n";
  }

  private static BerthConfig valid(ConfigResult result) {
    return assertThat(result).asInstanceOf(type(ConfigResult.Valid.class)).actual().config();
  }

  private static List<ConfigProblem> problems(ConfigResult result) {
    return assertThat(result).asInstanceOf(type(ConfigResult.Invalid.class)).actual().problems();
  }

  @Test
  void load_webhookAllowedHosts_fromListOrVariable() throws IOException {
    String yaml =
        """
        webhooks:
          allowed_hosts: [ci.internal, 10.0.0.5, "[fd00::5]"]
        """;

    BerthConfig fromFile = valid(load(yaml, Map.of()));
    BerthConfig fromVariable =
        valid(
            loader.load(
                Optional.empty(),
                Map.of("BERTH_WEBHOOKS_ALLOWED_HOSTS", "hooks.internal, 127.0.0.1")));

    assertThat(fromFile.webhooks().allowedHosts())
        .containsExactly("ci.internal", "10.0.0.5", "[fd00::5]");
    assertThat(fromVariable.webhooks().allowedHosts())
        .containsExactly("hooks.internal", "127.0.0.1");
    assertThat(BerthConfig.defaults().webhooks().allowedHosts()).isEmpty();
  }

  @Test
  void load_webhookAllowedHostWithScheme_reported() throws IOException {
    String yaml =
        """
        webhooks:
          allowed_hosts: ["http://ci.internal:8080", ok.internal]
        """;

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "webhooks.allowed_hosts",
                "\"http://ci.internal:8080\" is not a host name or IP address; give the bare"
                    + " host of the webhook URL, without scheme, port or path, such as ci.internal"
                    + " or 10.0.0.5"));
  }
}
