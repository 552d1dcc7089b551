package dev.berth.audit;

import dev.berth.db.Database;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Records audit events and searches them. The client address comes from the current {@link
 * AuditOrigin}; a user acting through an access token there is recorded as a {@code token} actor
 * with the token's id in the details. Thread-safe.
 */
public final class AuditLog {

  /** The largest page {@link #search} returns. */
  public static final int MAX_PAGE_SIZE = 100;

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditStore store = new AuditStore();

  public AuditLog(Database database, Clock clock) {
    this(database.jdbi(), clock);
  }

  public AuditLog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Records {@code entry} on {@code handle}, so it commits or rolls back with the caller's
   * transaction. An exception here rolls that change back too.
   */
  public void record(Handle handle, AuditEntry entry) {
    store.insert(handle, event(entry));
  }

  /** Records {@code entry} in its own transaction, for events that change nothing else. */
  public void record(AuditEntry entry) {
    AuditEvent event = event(entry);
    jdbi.useTransaction(h -> store.insert(h, event));
  }

  /**
   * Returns the events matching {@code filter}, newest first, skipping {@code offset}.
   *
   * @throws IllegalArgumentException when {@code limit} is not between 1 and {@value
   *     #MAX_PAGE_SIZE} or {@code offset} is negative
   */
  public AuditEvents search(AuditFilter filter, long offset, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size " + limit + " is out of range; use 1 to " + MAX_PAGE_SIZE);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative");
    }
    return jdbi.inTransaction(
        h -> new AuditEvents(store.count(h, filter), store.page(h, filter, offset, limit)));
  }

  private AuditEvent event(AuditEntry entry) {
    AuditEntry recorded = entry;
    if (entry.actor().kind() == ActorKind.USER && AuditOrigin.accessTokenId().isPresent()) {
      recorded =
          new AuditEntry(
                  entry.action(),
                  AuditActor.token(entry.actor().name()),
                  entry.targetKind(),
                  entry.targetName(),
                  entry.namespace(),
                  entry.outcome(),
                  entry.details())
              .with("access_token_id", AuditOrigin.accessTokenId().get());
    }
    return new AuditEvent(
        UUID.randomUUID().toString(), clock.instant(), AuditOrigin.clientAddress(), recorded);
  }
}
