package dev.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies the JWTs of the Docker token spec: short-lived access tokens listing the
 * granted scopes, and long-lived refresh tokens for the OAuth2 {@code refresh_token} grant.
 * Thread-safe.
 */
public final class RegistryTokens {

  /** The subject and granted scopes of a verified access token. */
  public record Verified(TokenSubject subject, List<ResourceScope> access) {}

  /**
   * The principal behind a token: the user or token owner name, and the access token id when the
   * caller authenticated with one. Refresh tokens of password logins also carry a stamp of the
   * user's credentials, so a password change or enabling two-factor authentication ends them.
   */
  public record TokenSubject(
      String name, Optional<String> accessTokenId, Optional<String> credentialStamp) {

    public TokenSubject(String name, Optional<String> accessTokenId) {
      this(name, accessTokenId, Optional.empty());
    }

    public boolean anonymous() {
      return name.isEmpty();
    }
  }

  private static final JOSEObjectType ACCESS_TYPE = new JOSEObjectType("JWT");
  private static final JOSEObjectType REFRESH_TYPE = new JOSEObjectType("berth-refresh+jwt");

  /** Tolerated clock difference between nodes when checking exp and nbf. */
  private static final Duration LEEWAY = Duration.ofSeconds(30);

  private final SigningKeys keys;
  private final String issuer;
  private final String service;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;
  private final Map<String, CachedAccess> verifiedAccess = new ConcurrentHashMap<>();

  /**
   * Most access tokens whose signature check is remembered. Verifying an ES256 signature costs
   * more than serving a manifest, and a client sends the same token on every request of a pull.
   */
  private static final int VERIFIED_ACCESS_CAPACITY = 4096;

  /** An access token whose signature, type, issuer and audience were checked once. */
  private record CachedAccess(Verified verified, Instant expires, Optional<Instant> notBefore) {}

  /**
   * @param issuer the {@code iss} claim, the same on every node
   * @param service the {@code aud} claim and the challenge's {@code service}
   */
  public RegistryTokens(
      SigningKeys keys,
      String issuer,
      String service,
      Duration accessTtl,
      Duration refreshTtl,
      Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.service = service;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  public String service() {
    return service;
  }

  public Duration accessTtl() {
    return accessTtl;
  }

  /** Signs an access token granting {@code access} to {@code subject}. */
  public String issueAccess(TokenSubject subject, List<ResourceScope> access) {
    List<Map<String, Object>> claims = new ArrayList<>();
    for (ResourceScope scope : access) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", scope.type());
      entry.put("name", scope.name());
      entry.put("actions", new ArrayList<>(scope.actions()));
      claims.add(entry);
    }
    JWTClaimsSet.Builder builder = baseClaims(subject, accessTtl).claim("access", claims);
    return sign(builder.build(), ACCESS_TYPE);
  }

  /** Signs a refresh token for {@code subject}, which must not be anonymous. */
  public String issueRefresh(TokenSubject subject) {
    if (subject.anonymous()) {
      throw new IllegalArgumentException("anonymous callers get no refresh token");
    }
    return sign(baseClaims(subject, refreshTtl).build(), REFRESH_TYPE);
  }

  /**
   * Verifies an access token's signature, type, issuer, audience and lifetime.
   *
   * @return empty when the token is invalid for any reason; callers reject it with one opaque 401
   */
  public Optional<Verified> verifyAccess(String token) {
    CachedAccess cached = verifiedAccess.get(token);
    if (cached != null) {
      // Only the lifetime can change for the same token bytes, so only the lifetime is checked.
      if (isCurrent(cached.expires(), cached.notBefore(), clock.instant())) {
        return Optional.of(cached.verified());
      }
      verifiedAccess.remove(token);
      return Optional.empty();
    }
    Optional<JWTClaimsSet> claims = verify(token, ACCESS_TYPE);
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    Verified verified = new Verified(subjectOf(claims.get()), accessOf(claims.get()));
    remember(token, verified, claims.get());
    return Optional.of(verified);
  }

  // NOTE: a remembered token stays valid until it expires, even if the signing key file is
  // replaced meanwhile. Access tokens live for auth.token_ttl (5 minutes by default).
  private void remember(String token, Verified verified, JWTClaimsSet claims) {
    if (verifiedAccess.size() >= VERIFIED_ACCESS_CAPACITY) {
      verifiedAccess.clear();
    }
    Optional<Instant> notBefore =
        Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant);
    verifiedAccess.put(
        token,
        new CachedAccess(verified, claims.getExpirationTime().toInstant(), notBefore));
  }

  private static boolean isCurrent(Instant expires, Optional<Instant> notBefore, Instant now) {
    return now.minus(LEEWAY).isBefore(expires)
        && notBefore.map(start -> !now.plus(LEEWAY).isBefore(start)).orElse(true);
  }

  /** Verifies a refresh token the same way and returns its subject. */
  public Optional<TokenSubject> verifyRefresh(String token) {
    return verify(token, REFRESH_TYPE).map(RegistryTokens::subjectOf);
  }

  private JWTClaimsSet.Builder baseClaims(TokenSubject subject, Duration ttl) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject.name())
            .audience(service)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString());
    subject.accessTokenId().ifPresent(id -> builder.claim("berth_tid", id));
    subject.credentialStamp().ifPresent(stamp -> builder.claim("berth_cs", stamp));
    return builder;
  }

  private String sign(JWTClaimsSet claims, JOSEObjectType type) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(keys.privateKey().getKeyID()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(keys.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("failed to sign a registry token", e);
    }
    return jwt.serialize();
  }

  private Optional<JWTClaimsSet> verify(String token, JOSEObjectType expectedType) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);

      // Stage 1: the header must name our algorithm and token type.
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
          || !expectedType.equals(jwt.getHeader().getType())) {
        return Optional.empty();
      }

      // Stage 2: the signature must be ours.
      if (!jwt.verify(new ECDSAVerifier(keys.privateKey().toECPublicKey()))) {
        return Optional.empty();
      }

      // Stage 3: issuer, audience and lifetime, with a leeway for clock differences.
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      boolean valid =
          issuer.equals(claims.getIssuer())
              && claims.getAudience().contains(service)
              && claims.getExpirationTime() != null
              && isCurrent(
                  claims.getExpirationTime().toInstant(),
                  Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant),
                  now);
      return valid ? Optional.of(claims) : Optional.empty();
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static TokenSubject subjectOf(JWTClaimsSet claims) {
    String subject = claims.getSubject() == null ? "" : claims.getSubject();
    Object tokenId = claims.getClaim("berth_tid");
    Object stamp = claims.getClaim("berth_cs");
    return new TokenSubject(
        subject,
        Optional.ofNullable(tokenId).map(Object::toString),
        Optional.ofNullable(stamp).map(Object::toString));
  }

  private static List<ResourceScope> accessOf(JWTClaimsSet claims) {
    Object access = claims.getClaim("access");
    List<ResourceScope> result = new ArrayList<>();
    if (!(access instanceof List<?> entries)) {
      return result;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> map
          && map.get("type") instanceof String type
          && map.get("name") instanceof String name
          && map.get("actions") instanceof List<?> actions) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        actions.forEach(a -> names.add(String.valueOf(a)));
        result.add(new ResourceScope(type, name, names));
      }
    }
    return result;
  }
}
