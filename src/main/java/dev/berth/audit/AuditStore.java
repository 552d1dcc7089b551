package dev.berth.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** The SQL of the {@code audit_events} table. */
final class AuditStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

  void insert(Handle handle, AuditEvent event) {
    AuditEntry entry = event.entry();
    handle
        .createUpdate(
            "INSERT INTO audit_events (id, occurred_at, actor, actor_kind, client_address, action,"
                + " target_kind, target_name, namespace, outcome, details) VALUES (:id, :at,"
                + " :actor, :kind, :client, :action, :targetKind, :targetName, :namespace,"
                + " :outcome, :details)")
        .bind("id", event.id())
        .bind("at", event.time().toEpochMilli())
        .bind("actor", entry.actor().name())
        .bind("kind", entry.actor().kind().wire())
        .bind("client", event.clientAddress())
        .bind("action", entry.action())
        .bind("targetKind", entry.targetKind())
        .bind("targetName", entry.targetName())
        .bind("namespace", entry.namespace())
        .bind("outcome", entry.outcome().wire())
        .bind("details", writeDetails(entry.details()))
        .execute();
  }

  long count(Handle handle, AuditFilter filter) {
    Where where = Where.of(filter);
    var query = handle.createQuery("SELECT COUNT(*) FROM audit_events" + where.sql());
    where.bind(query);
    return query.mapTo(Long.class).one();
  }

  List<AuditEvent> page(Handle handle, AuditFilter filter, long offset, int limit) {
    Where where = Where.of(filter);
    var query =
        handle.createQuery(
            "SELECT id, occurred_at, actor, actor_kind, client_address, action, target_kind,"
                + " target_name, namespace, outcome, details FROM audit_events"
                + where.sql()
                + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset");
    where.bind(query);
    return query
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> event(rs))
        .list();
  }

  private static AuditEvent event(ResultSet rs) throws SQLException {
    AuditEntry entry =
        new AuditEntry(
            rs.getString("action"),
            new AuditActor(rs.getString("actor"), ActorKind.fromWire(rs.getString("actor_kind"))),
            rs.getString("target_kind"),
            rs.getString("target_name"),
            rs.getString("namespace"),
            AuditOutcome.fromWire(rs.getString("outcome")),
            readDetails(rs.getString("details")));
    return new AuditEvent(
        rs.getString("id"),
        Instant.ofEpochMilli(rs.getLong("occurred_at")),
        rs.getString("client_address"),
        entry);
  }

  private static String writeDetails(Map<String, String> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  private static Map<String, String> readDetails(String json) {
    try {
      return JSON.readValue(json, DETAILS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_events.details is not a JSON object of strings", e);
    }
  }

  /** The WHERE clause of a filter and its bindings. */
  private record Where(String sql, Map<String, Object> bindings) {

    static Where of(AuditFilter filter) {
      List<String> conditions = new ArrayList<>();
      Map<String, Object> bindings = new java.util.HashMap<>();
      filter.actor().ifPresent(v -> add(conditions, bindings, "actor = :actor", "actor", v));
      filter.action().ifPresent(v -> add(conditions, bindings, "action = :action", "action", v));
      filter
          .namespace()
          .ifPresent(v -> add(conditions, bindings, "namespace = :namespace", "namespace", v));
      filter
          .target()
          .ifPresent(v -> add(conditions, bindings, "target_name = :target", "target", v));
      filter
          .since()
          .ifPresent(
              v -> add(conditions, bindings, "occurred_at >= :since", "since", v.toEpochMilli()));
      filter
          .until()
          .ifPresent(
              v -> add(conditions, bindings, "occurred_at < :until", "until", v.toEpochMilli()));
      String sql = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
      return new Where(sql, bindings);
    }

    private static void add(
        List<String> conditions,
        Map<String, Object> bindings,
        String condition,
        String name,
        Object value) {
      conditions.add(condition);
      bindings.put(name, value);
    }

    void bind(SqlStatement<?> statement) {
      bindings.forEach(statement::bind);
    }
  }
}
