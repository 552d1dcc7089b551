package dev.berth.webhooks;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The SQL of the {@code webhooks} and {@code webhook_deliveries} tables. Stateless. */
final class WebhookStore {

  private static final String COLUMNS =
      "id, scope_kind, scope_name, name, url, format, events, min_severity, secret, enabled,"
          + " created_by, created_at, updated_at";

  void insert(Handle h, Webhook webhook) {
    h.createUpdate(
            "INSERT INTO webhooks ("
                + COLUMNS
                + ") VALUES (:id, :scope_kind, :scope_name, :name, :url, :format, :events,"
                + " :min_severity, :secret, :enabled, :created_by, :created_at, :updated_at)")
        .bind("id", webhook.id())
        .bind("scope_kind", webhook.scope().kind().wireName())
        .bind("scope_name", webhook.scope().name())
        .bind("created_by", webhook.createdBy())
        .bind("created_at", webhook.createdAt())
        .bindMap(changeableColumns(webhook))
        .execute();
  }

  void update(Handle h, Webhook webhook) {
    h.createUpdate(
            "UPDATE webhooks SET name = :name, url = :url, format = :format, events = :events,"
                + " min_severity = :min_severity, secret = :secret, enabled = :enabled,"
                + " created_by = :created_by, updated_at = :updated_at WHERE id = :id")
        .bind("id", webhook.id())
        .bind("created_by", webhook.createdBy())
        .bindMap(changeableColumns(webhook))
        .execute();
  }

  private static java.util.Map<String, Object> changeableColumns(Webhook webhook) {
    java.util.Map<String, Object> columns = new java.util.HashMap<>();
    columns.put("name", webhook.name());
    columns.put("url", webhook.url().toString());
    columns.put("format", webhook.format().wireName());
    columns.put("events", eventsText(webhook.events()));
    columns.put("min_severity", webhook.minSeverity().map(Severity::wireName).orElse(null));
    columns.put("secret", webhook.secret());
    columns.put("enabled", webhook.enabled());
    columns.put("updated_at", webhook.updatedAt());
    return columns;
  }

  /** Disables webhook {@code id}, so it gets no new deliveries until someone enables it. */
  void disable(Handle h, String id, long now) {
    h.createUpdate("UPDATE webhooks SET enabled = :enabled, updated_at = :now WHERE id = :id")
        .bind("enabled", false)
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  boolean delete(Handle h, String id) {
    h.createUpdate("DELETE FROM webhook_deliveries WHERE webhook_id = :id")
        .bind("id", id)
        .execute();
    return h.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id).execute() == 1;
  }

  Optional<Webhook> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> webhook(rs))
        .findOne();
  }

  /** Returns the webhooks of exactly {@code scope}, oldest first. */
  List<Webhook> list(Handle h, WebhookScope scope) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhooks WHERE scope_kind = :kind AND scope_name = :name"
                + " ORDER BY created_at, id")
        .bind("kind", scope.kind().wireName())
        .bind("name", scope.name())
        .map((rs, ctx) -> webhook(rs))
        .list();
  }

  /**
   * Returns the enabled webhooks of {@code repository} and of {@code namespace} that subscribe to
   * {@code event}.
   */
  List<Webhook> subscribers(Handle h, String repository, String namespace, WebhookEvent event) {
    return h
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhooks WHERE enabled = :enabled AND ((scope_kind = :repository_kind"
                + " AND scope_name = :repository) OR (scope_kind = :namespace_kind"
                + " AND scope_name = :namespace)) ORDER BY created_at, id")
        .bind("enabled", true)
        .bind("repository_kind", WebhookScope.Kind.REPOSITORY.wireName())
        .bind("repository", repository)
        .bind("namespace_kind", WebhookScope.Kind.NAMESPACE.wireName())
        .bind("namespace", namespace)
        .map((rs, ctx) -> webhook(rs))
        .list()
        .stream()
        .filter(webhook -> webhook.events().contains(event))
        .toList();
  }

  /** Returns the scopes of enabled webhooks that subscribe to pulls. */
  Set<WebhookScope> pullScopes(Handle h) {
    return h
        .createQuery("SELECT scope_kind, scope_name, events FROM webhooks WHERE enabled = :enabled")
        .bind("enabled", true)
        .map(
            (rs, ctx) ->
                parseEvents(rs.getString("events")).contains(WebhookEvent.PULL)
                    ? Optional.of(
                        new WebhookScope(
                            WebhookScope.Kind.fromWireName(rs.getString("scope_kind")),
                            rs.getString("scope_name")))
                    : Optional.<WebhookScope>empty())
        .list()
        .stream()
        .flatMap(Optional::stream)
        .collect(Collectors.toUnmodifiableSet());
  }

  void insertAttempt(Handle h, DeliveryAttempt attempt) {
    h.createUpdate(
            "INSERT INTO webhook_deliveries (id, webhook_id, delivery_id, event_id, event_type,"
                + " attempt, outcome, status_code, duration_ms, error, attempted_at) VALUES (:id,"
                + " :webhook_id, :delivery_id, :event_id, :event_type, :attempt, :outcome,"
                + " :status_code, :duration_ms, :error, :attempted_at)")
        .bind("id", attempt.id())
        .bind("webhook_id", attempt.webhookId())
        .bind("delivery_id", attempt.deliveryId())
        .bind("event_id", attempt.eventId())
        .bind("event_type", attempt.eventType())
        .bind("attempt", attempt.attempt())
        .bind("outcome", attempt.outcome().wireName())
        .bind("status_code", attempt.statusCode().orElse(null))
        .bind("duration_ms", attempt.durationMillis())
        .bind("error", attempt.error().orElse(null))
        .bind("attempted_at", attempt.attemptedAt())
        .execute();
  }

  long countAttempts(Handle h, String webhookId) {
    return h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = :id")
        .bind("id", webhookId)
        .mapTo(Long.class)
        .one();
  }

  /** Returns attempts of one webhook, newest or oldest first. */
  List<DeliveryAttempt> attempts(
      Handle h, String webhookId, boolean newestFirst, long offset, int limit) {
    String order =
        newestFirst ? "attempted_at DESC, attempt DESC, id" : "attempted_at, attempt, id";
    return h.createQuery(
            "SELECT id, webhook_id, delivery_id, event_id, event_type, attempt, outcome,"
                + " status_code, duration_ms, error, attempted_at FROM webhook_deliveries"
                + " WHERE webhook_id = :id ORDER BY "
                + order
                + " LIMIT :limit OFFSET :offset")
        .bind("id", webhookId)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(
            (rs, ctx) -> {
              int status = rs.getInt("status_code");
              Optional<Integer> statusCode = rs.wasNull() ? Optional.empty() : Optional.of(status);
              return new DeliveryAttempt(
                  rs.getString("id"),
                  rs.getString("webhook_id"),
                  rs.getString("delivery_id"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getInt("attempt"),
                  DeliveryAttempt.Outcome.fromWireName(rs.getString("outcome")),
                  statusCode,
                  rs.getLong("duration_ms"),
                  Optional.ofNullable(rs.getString("error")),
                  rs.getLong("attempted_at"));
            })
        .list();
  }

  private static Webhook webhook(ResultSet rs) throws SQLException {
    return new Webhook(
        rs.getString("id"),
        new WebhookScope(
            WebhookScope.Kind.fromWireName(rs.getString("scope_kind")), rs.getString("scope_name")),
        rs.getString("name"),
        URI.create(rs.getString("url")),
        PayloadFormat.fromWireName(rs.getString("format")).orElseThrow(),
        parseEvents(rs.getString("events")),
        Optional.ofNullable(rs.getString("min_severity")).flatMap(Severity::fromWireName),
        rs.getString("secret"),
        rs.getBoolean("enabled"),
        rs.getString("created_by"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  static String eventsText(Set<WebhookEvent> events) {
    return events.stream().sorted().map(WebhookEvent::wireName).collect(Collectors.joining(","));
  }

  private static Set<WebhookEvent> parseEvents(String text) {
    Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
    Arrays.stream(text.split(","))
        .map(WebhookEvent::fromWireName)
        .flatMap(Optional::stream)
        .forEach(events::add);
    return events;
  }
}
