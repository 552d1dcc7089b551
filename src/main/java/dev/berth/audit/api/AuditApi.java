package dev.berth.audit.api;

import dev.berth.audit.AuditEvent;
import dev.berth.audit.AuditEvents;
import dev.berth.audit.AuditFilter;
import dev.berth.audit.AuditLog;
import dev.berth.auth.Principal;
import dev.berth.auth.api.Access;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiModule;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.PageRequest;
import dev.berth.auth.api.Router;
import dev.berth.auth.api.json.PageJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v2/admin/audit-events}: administrators search the audit log, newest first,
 * filtered by actor, action, namespace, target and time. A session is required, so a leaked
 * access token cannot read who did what.
 */
public final class AuditApi implements ApiModule {

  static final String PATH = "/api/v2/admin/audit-events";

  private final AuditLog audit;

  public AuditApi(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void register(Router router) {
    router.add("GET", PATH, Access.SESSION, this::list);
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    Principal.User user = call.user();
    if (!user.administrator()) {
      throw ApiException.denied("only administrators may read the audit log");
    }
    AuditFilter filter;
    try {
      java.util.Map<String, Optional<String>> query = new java.util.HashMap<>();
      for (String name : List.of("actor", "action", "namespace", "target", "since", "until")) {
        query.put(name, call.query(name));
      }
      filter = AuditQuery.parse(name -> query.getOrDefault(name, Optional.empty()));
    } catch (AuditQuery.InvalidFilter e) {
      throw ApiException.invalid(e.getMessage());
    }
    PageRequest page = call.pageRequest();

    AuditEvents events = audit.search(filter, page.offset(), page.pageSize());
    List<AuditEventJson> results = events.events().stream().map(AuditApi::json).toList();
    String next =
        page.offset() + page.pageSize() < events.total() ? link(call, page.page() + 1) : null;
    String previous = page.page() > 1 ? link(call, page.page() - 1) : null;
    return ApiResponse.ok(new PageJson<>(events.total(), next, previous, results));
  }

  static AuditEventJson json(AuditEvent event) {
    var entry = event.entry();
    return new AuditEventJson(
        event.id(),
        event.time().toString(),
        entry.actor().name(),
        entry.actor().kind().wire(),
        event.clientAddress(),
        entry.action(),
        entry.targetKind(),
        entry.targetName(),
        entry.namespace(),
        entry.outcome().wire(),
        entry.details());
  }

  /** Returns the URL of page {@code number} with the same filters and page size. */
  private static @Nullable String link(ApiCall call, int number) {
    Request request = call.request();
    Fields query = Request.extractQueryParameters(request);
    StringBuilder url =
        new StringBuilder(call.baseUrl()).append(request.getHttpURI().getPath()).append("?page=");
    url.append(number);
    for (Fields.Field field : query) {
      if (field.getName().equals("page")) {
        continue;
      }
      for (String value : field.getValues()) {
        url.append('&')
            .append(URLEncoder.encode(field.getName(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return url.toString();
  }
}
