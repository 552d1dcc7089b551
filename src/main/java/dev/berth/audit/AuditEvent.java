package dev.berth.audit;

import java.time.Instant;

/**
 * One recorded event.
 *
 * @param id a random UUID
 * @param time when it was recorded
 * @param clientAddress the client's IP address, or empty when no request was behind the event
 * @param entry who did what, as recorded
 */
public record AuditEvent(String id, Instant time, String clientAddress, AuditEntry entry) {

  /** Returns what happened, one of {@link AuditActions#ALL}. */
  public String action() {
    return entry.action();
  }
}
