package dev.berth.audit;

import java.util.List;

/**
 * One page of a search, newest first.
 *
 * @param total how many events match the filter on all pages
 */
public record AuditEvents(long total, List<AuditEvent> events) {

  public AuditEvents {
    events = List.copyOf(events);
  }
}
