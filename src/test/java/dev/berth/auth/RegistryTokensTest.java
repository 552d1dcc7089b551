package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTokensTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final RegistryTokens.TokenSubject ALICE =
      new RegistryTokens.TokenSubject("alice", Optional.empty());
  private static final List<ResourceScope> PULL_APP =
      List.of(new ResourceScope("repository", "alice/app", Set.of("pull")));

  @TempDir Path dir;

  private RegistryTokens tokens(SigningKeys keys, String issuer, String service, Instant now) {
    return new RegistryTokens(
        keys, issuer, service, Duration.ofMinutes(5), Duration.ofDays(30),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private SigningKeys keys(String name) throws Exception {
    return SigningKeys.loadOrCreate(dir.resolve(name));
  }

  @Test
  void issueAccess_verifiesWithSubjectAndGrants() throws Exception {
    RegistryTokens tokens = tokens(keys("k.jwk"), "berth", "svc", NOW);

    RegistryTokens.Verified verified = tokens.verifyAccess(tokens.issueAccess(ALICE, PULL_APP)).orElseThrow();

    assertThat(verified.subject()).isEqualTo(ALICE);
    assertThat(verified.access()).containsExactlyElementsOf(PULL_APP);
  }

  @Test
  void verifyAccess_tamperedPayload_rejected() throws Exception {
    RegistryTokens tokens = tokens(keys("k.jwk"), "berth", "svc", NOW);
    String[] parts = tokens.issueAccess(ALICE, PULL_APP).split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = payload.replace("\"pull\"", "\"push\"");
    parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));

    assertThat(forged).isNotEqualTo(payload);
    assertThat(tokens.verifyAccess(String.join(".", parts))).isEmpty();
  }

  @Test
  void verifyAccess_expiredBeyondLeeway_rejected() throws Exception {
    SigningKeys keys = keys("k.jwk");
    String token = tokens(keys, "berth", "svc", NOW).issueAccess(ALICE, PULL_APP);

    assertThat(tokens(keys, "berth", "svc", NOW.plus(Duration.ofMinutes(5).plusSeconds(20))).verifyAccess(token))
        .isPresent();
    assertThat(tokens(keys, "berth", "svc", NOW.plus(Duration.ofMinutes(6))).verifyAccess(token))
        .isEmpty();
  }

  @Test
  void verifyAccess_rememberedToken_stillExpires() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    RegistryTokens tokens =
        new RegistryTokens(
            keys("k.jwk"), "berth", "svc", Duration.ofMinutes(5), Duration.ofDays(30), clock);
    String token = tokens.issueAccess(ALICE, PULL_APP);

    assertThat(tokens.verifyAccess(token)).isPresent();
    assertThat(tokens.verifyAccess(token).orElseThrow().access()).containsExactlyElementsOf(PULL_APP);
    now.set(NOW.plus(Duration.ofMinutes(6)));
    assertThat(tokens.verifyAccess(token)).isEmpty();
    assertThat(tokens.verifyAccess(token)).isEmpty();
  }

  @Test
  void verifyAccess_wrongAudienceOrIssuer_rejected() throws Exception {
    SigningKeys keys = keys("k.jwk");
    String token = tokens(keys, "berth", "svc", NOW).issueAccess(ALICE, PULL_APP);

    assertThat(tokens(keys, "berth", "other-service", NOW).verifyAccess(token)).isEmpty();
    assertThat(tokens(keys, "someone-else", "svc", NOW).verifyAccess(token)).isEmpty();
  }

  @Test
  void verifyAccess_otherSigningKey_rejected() throws Exception {
    String token = tokens(keys("a.jwk"), "berth", "svc", NOW).issueAccess(ALICE, PULL_APP);

    assertThat(tokens(keys("b.jwk"), "berth", "svc", NOW).verifyAccess(token)).isEmpty();
  }

  @Test
  void refreshAndAccessTokens_notInterchangeable() throws Exception {
    RegistryTokens tokens = tokens(keys("k.jwk"), "berth", "svc", NOW);

    assertThat(tokens.verifyAccess(tokens.issueRefresh(ALICE))).isEmpty();
    assertThat(tokens.verifyRefresh(tokens.issueAccess(ALICE, PULL_APP))).isEmpty();
    assertThat(tokens.verifyRefresh(tokens.issueRefresh(ALICE))).hasValue(ALICE);
  }

  @Test
  void signingKey_survivesRestartAndIsPrivateFile() throws Exception {
    Path file = dir.resolve("keys/token.jwk");
    String token = tokens(SigningKeys.loadOrCreate(file), "berth", "svc", NOW).issueAccess(ALICE, PULL_APP);

    RegistryTokens reloaded = tokens(SigningKeys.loadOrCreate(file), "berth", "svc", NOW);

    assertThat(reloaded.verifyAccess(token)).isPresent();
    assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    assertThat(SigningKeys.loadOrCreate(file).publicJwks()).doesNotContain("\"d\"");
  }

  @Test
  void resourceScope_parsesTypesNamesAndActions() {
    assertThat(ResourceScope.parse("repository:team/app:pull,push"))
        .isEqualTo(new ResourceScope("repository", "team/app", Set.of("pull", "push")));
    assertThat(ResourceScope.parse("repository(plugin):team/app:pull").type()).isEqualTo("repository");
    assertThat(ResourceScope.parse("registry:catalog:*").actions()).containsExactly("*");
  }
}
