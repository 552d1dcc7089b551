package dev.berth.web;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEvent;
import dev.berth.audit.AuditEvents;
import dev.berth.audit.AuditFilter;
import dev.berth.audit.AuditOutcome;
import dev.berth.audit.api.AuditQuery;
import dev.berth.hub.StorageReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Administration: the audit log with filters, and the storage each namespace uses. Both are GET
 * pages, so their forms carry no CSRF token and change nothing. Only administrators see them.
 */
final class AuditPages {

  static final int EVENTS_PER_PAGE = 50;

  private final WebContext context;

  AuditPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/admin/audit", Routes.Audience.SIGNED_IN, this::audit);
    routes.get("/admin/storage", Routes.Audience.SIGNED_IN, this::storage);
  }

  private WebResponse audit(WebRequest request) throws WebException {
    requireAdministrator(request);
    AuditRows.Filter shown =
        new AuditRows.Filter(
            request.query("actor").orElse(""),
            request.query("action").orElse(""),
            request.query("namespace").orElse(""),
            request.query("since").orElse(""),
            request.query("until").orElse(""));
    AuditFilter filter;
    try {
      filter = AuditQuery.parse(name -> rfc3339(name, request.query(name)));
    } catch (AuditQuery.InvalidFilter e) {
      return auditPage(request, 400, shown, List.of(), Paging.of(1, EVENTS_PER_PAGE, 0, ""),
          request.messages().get("audit.invalid_filter", e.getMessage()));
    }
    long page = Paging.requested(request);
    AuditEvents events =
        context.accounts().auditLog()
            .search(filter, (page - 1) * EVENTS_PER_PAGE, EVENTS_PER_PAGE);
    List<AuditRows.Event> rows = events.events().stream().map(AuditPages::row).toList();
    return auditPage(request, 200, shown, rows,
        Paging.of(page, EVENTS_PER_PAGE, events.total(), "/admin/audit?" + query(shown)), "");
  }

  private WebResponse auditPage(
      WebRequest request, int status, AuditRows.Filter filter, List<AuditRows.Event> events,
      Paging paging, String error) {
    return request.page(
        status, "admin-audit",
        "filter", filter,
        "actions", AuditActions.ALL,
        "events", events,
        "paging", paging,
        "error", error);
  }

  private WebResponse storage(WebRequest request) throws WebException {
    requireAdministrator(request);
    StorageReport report = context.hub().storageUsage().report();
    List<AuditRows.Storage> rows =
        report.namespaces().stream()
            .map(ns -> new AuditRows.Storage(
                ns.namespace(), ns.repositories(), ns.blobs(), Sizes.human(ns.bytes()), ns.bytes()))
            .toList();
    return request.page(
        200, "admin-storage",
        "rows", rows,
        "total", Sizes.human(report.totalBytes()));
  }

  private static AuditRows.Event row(AuditEvent event) {
    var entry = event.entry();
    String details =
        entry.details().entrySet().stream()
            .map(detail -> detail.getKey() + "=" + detail.getValue())
            .collect(Collectors.joining(", "));
    return new AuditRows.Event(
        Times.format(event.time()),
        entry.actor().name(),
        entry.actor().kind().wire(),
        event.clientAddress(),
        entry.action(),
        entry.targetName(),
        entry.namespace(),
        entry.outcome() == AuditOutcome.FAILURE,
        details);
  }

  /**
   * Returns a time filter in RFC 3339. Browsers send {@code datetime-local} inputs without an
   * offset, such as {@code 2026-01-31T12:00}, which the page labels as UTC.
   */
  private static Optional<String> rfc3339(String name, Optional<String> value) {
    if (!name.equals("since") && !name.equals("until")) {
      return value;
    }
    return value.map(text -> {
      try {
        return LocalDateTime.parse(text.trim()).atOffset(ZoneOffset.UTC).toString();
      } catch (DateTimeParseException e) {
        return text;
      }
    });
  }

  /** Returns the filter as a query string that ends with {@code &}, for the paging links. */
  private static String query(AuditRows.Filter filter) {
    StringBuilder query = new StringBuilder();
    append(query, "actor", filter.actor());
    append(query, "action", filter.action());
    append(query, "namespace", filter.namespace());
    append(query, "since", filter.since());
    append(query, "until", filter.until());
    return query.toString();
  }

  private static void append(StringBuilder query, String name, String value) {
    if (!value.isEmpty()) {
      query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8))
          .append('&');
    }
  }

  private static void requireAdministrator(WebRequest request) throws WebException {
    if (!request.user().administrator()) {
      throw WebException.forbidden();
    }
  }
}
