package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedConfigTest {

  @TempDir Path dir;

  @Test
  void toYaml_defaults_printsEveryKeyWithDefault() {
    String yaml = MaskedConfig.toYaml(BerthConfig.defaults());

    assertThat(yaml)
        .isEqualTo(
            """
            listen: 127.0.0.1:5000
            data_dir: data
            trusted_proxies: []
            tls:
              reload_interval: 10s
            shutdown_grace: 30s
            database:
              max_connections: 10
            uploads:
              session_ttl: 24h
              purge_interval: 10m
            limits:
              manifest_max_bytes: 4MiB
            auth:
              enabled: true
              service: berth-registry
              token_ttl: 5m
              refresh_token_ttl: 720h
              default_private: true
              session_idle_timeout: 8h
              session_lifetime: 168h
            webhooks:
              allowed_hosts: []
            """);
  }

  @Test
  void toYaml_secrets_printsMask() {
    DatabaseConfig database =
        DatabaseConfig.of(
            "jdbc:postgresql://berth:pw-in-userinfo@db:5432/berth?password=pw-in-query&ssl=true",
            Optional.of("berth"),
            Optional.of(new Secret("pw-in-field")));

    String yaml = MaskedConfig.toYaml(BerthConfig.defaults().withDatabase(database));

    assertThat(yaml)
        .contains(
            "url: jdbc:postgresql://berth:******@db:5432/berth?password=******&ssl=true",
            "password: '******'")
        .doesNotContain("pw-in");
  }

  @Test
  void toYaml_output_loadsBackToSameConfig() throws IOException {
    Path certificate = Files.writeString(dir.resolve("tls.crt"), "certificate");
    Path privateKey = Files.writeString(dir.resolve("tls.key"), "key");
    BerthConfig config =
        new BerthConfig(
            new HostPort("::", 5443),
            dir.resolve("data"),
            Optional.of(URI.create("https://registry.example.com")),
            List.of("10.0.0.0/8", "fd00::/8"),
            new TlsConfig(Optional.of(certificate), Optional.of(privateKey), Duration.ofMinutes(5)),
            Duration.ofMillis(1500),
            DatabaseConfig.of(
                "jdbc:postgresql://db:5432/berth", Optional.of("berth"), Optional.empty()),
            new UploadConfig(Duration.ofHours(48), Duration.ofSeconds(90)),
            1000,
            new AuthConfig(
                false,
                "registry.example.com",
                Duration.ofMinutes(2),
                Duration.ofDays(7),
                Optional.of(dir.resolve("keys/signing.jwk")),
                false,
                Optional.empty(),
                Duration.ofMinutes(45),
                Duration.ofHours(20)),
            new WebhookConfig(List.of("ci.internal", "10.0.0.5", "::1")));
    Path file = Files.writeString(dir.resolve("berth.yaml"), MaskedConfig.toYaml(config));

    ConfigResult result = new ConfigLoader().load(Optional.of(file), Map.of());

    assertThat(result).isEqualTo(new ConfigResult.Valid(config));
  }
}
