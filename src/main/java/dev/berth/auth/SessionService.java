package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditActor;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.AccountStore.UserRow;
import dev.berth.auth.SessionStore.SessionRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web and API sessions: created at an interactive login, identified by a random cookie value, and
 * ended by logout, by the idle timeout or by the absolute lifetime, whichever comes first.
 *
 * <p>A session id is {@value #SECRET_BYTES} random bytes; only its SHA-256 is stored, so a copy of
 * the database cannot be replayed as cookies. Each session also has a CSRF token of the same size
 * that cookie-authenticated writes must echo in a header. The CSRF token is stored as it is, so
 * {@code GET /api/v2/auth/me} can return it again after a page reload; it is worthless without the
 * session cookie. Disabling a user and changing their password delete their sessions (see {@link
 * AccountService}); a session of a user disabled meanwhile is rejected anyway. Thread-safe.
 */
public final class SessionService {

  static final int SECRET_BYTES = 32;

  /** Uses closer together than this move the idle end only once, to spare the database writes. */
  static final Duration MAX_TOUCH_RESOLUTION = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Jdbi jdbi;
  private final SessionStore store;
  private final ActorChecks actors;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration idleTimeout;
  private final Duration lifetime;
  private final Duration touchResolution;
  private final AuditLog audit;

  SessionService(
      Jdbi jdbi,
      SessionStore store,
      ActorChecks actors,
      Clock clock,
      SecureRandom random,
      Duration idleTimeout,
      Duration lifetime,
      AuditLog audit) {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("session idle timeout must be positive: " + idleTimeout);
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("session lifetime must be positive: " + lifetime);
    }
    this.jdbi = jdbi;
    this.audit = audit;
    this.store = store;
    this.actors = actors;
    this.clock = clock;
    this.random = random;
    this.idleTimeout = idleTimeout;
    this.lifetime = lifetime;
    Duration tenth = idleTimeout.dividedBy(10);
    this.touchResolution = tenth.compareTo(MAX_TOUCH_RESOLUTION) < 0 ? tenth : MAX_TOUCH_RESOLUTION;
  }

  /** Returns how long a session lasts without being used. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Returns how long a session lasts at most, however often it is used. */
  public Duration lifetime() {
    return lifetime;
  }

  /**
   * Creates a session for a user who has just proved their password (and second factor).
   *
   * @throws AccountException FORBIDDEN when the user is disabled or gone
   */
  public NewSession create(Principal.User user) {
    String id = randomSecret();
    String csrfToken = randomSecret();
    long now = clock.millis();
    long expiresAt = now + lifetime.toMillis();
    long idleExpiresAt = Math.min(expiresAt, now + idleTimeout.toMillis());
    UserRow row =
        jdbi.inTransaction(
            h -> {
              UserRow active = actors.requireActive(h, user);
              store.insert(
                  h,
                  Secrets.sha256Hex(id),
                  active.username(),
                  csrfToken,
                  now,
                  expiresAt,
                  idleExpiresAt);
              return active;
            });
    LOG.atInfo().addKeyValue("user", row.username()).log("session created");
    Session session =
        new Session(
            new Principal.User(row.username(), row.administrator()),
            csrfToken,
            Instant.ofEpochMilli(now),
            Instant.ofEpochMilli(idleExpiresAt));
    return new NewSession(id, session);
  }

  /**
   * Returns the live session whose cookie value is {@code id}, and moves its idle end forward.
   * Returns empty when there is no such session, when it has expired (it is then deleted), or when
   * its user is disabled.
   */
  public Optional<Session> authenticate(String id) {
    String hash = Secrets.sha256Hex(id);
    long now = clock.millis();
    Optional<SessionRow> found = jdbi.withHandle(h -> store.find(h, hash));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SessionRow row = found.get();
    if (row.expiresAt() <= now || row.idleExpiresAt() <= now) {
      jdbi.useTransaction(h -> store.delete(h, hash));
      LOG.atDebug().addKeyValue("user", row.username()).log("session expired");
      return Optional.empty();
    }
    if (row.disabled()) {
      return Optional.empty();
    }

    long extended = Math.min(row.expiresAt(), now + idleTimeout.toMillis());
    long idleExpiresAt = row.idleExpiresAt();
    if (extended - idleExpiresAt >= touchResolution.toMillis()) {
      jdbi.useTransaction(h -> store.extendIdle(h, hash, extended));
      idleExpiresAt = extended;
    }
    return Optional.of(
        new Session(
            new Principal.User(row.username(), row.administrator()),
            row.csrfToken(),
            Instant.ofEpochMilli(row.createdAt()),
            Instant.ofEpochMilli(idleExpiresAt)));
  }

  /** Ends the session whose cookie value is {@code id}; returns false when there was none. */
  public boolean delete(String id) {
    String hash = Secrets.sha256Hex(id);
    return jdbi.inTransaction(
        h -> {
          Optional<SessionRow> row = store.find(h, hash);
          if (row.isEmpty() || !store.delete(h, hash)) {
            return false;
          }
          String username = row.get().username();
          audit.record(
              h,
              AuditEntry.of(AuditActions.SIGN_OUT, AuditActor.user(username), "user", username)
                  .inNamespace(username));
          return true;
        });
  }

  /** Deletes every session past its idle or absolute end; returns how many. */
  int removeExpired() {
    long now = clock.millis();
    return jdbi.inTransaction(h -> store.deleteExpired(h, now));
  }

  private String randomSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }
}
