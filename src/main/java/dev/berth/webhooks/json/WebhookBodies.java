package dev.berth.webhooks.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of {@code /api/v2/webhooks}. */
public final class WebhookBodies {

  private WebhookBodies() {}

  /**
   * {@code POST /api/v2/webhooks}: exactly one of {@code repository} and {@code namespace}.
   *
   * @param name a label, 1 to 100 characters
   * @param url where deliveries are posted
   * @param repository the full name of the repository to watch
   * @param namespace the namespace (user or organization) whose repositories to watch
   * @param format {@code dockerhub}, {@code cloudevents} or {@code slack}
   * @param events event types, {@code ["push"]} when missing
   * @param minSeverity the lowest severity of {@code vulnerabilities_found} events
   * @param secret the signing secret; generated when missing
   * @param enabled whether events are delivered
   */
  public record CreateWebhookRequest(
      @Nullable String name,
      @Nullable String url,
      @Nullable String repository,
      @Nullable String namespace,
      @Nullable String format,
      @Nullable List<String> events,
      @Nullable String minSeverity,
      @Nullable String secret,
      @Nullable Boolean enabled) {}

  /**
   * {@code PATCH /api/v2/webhooks/{id}}: every field optional; see {@link CreateWebhookRequest}.
   */
  public record UpdateWebhookRequest(
      @Nullable String name,
      @Nullable String url,
      @Nullable String format,
      @Nullable List<String> events,
      @Nullable String minSeverity,
      @Nullable String secret,
      @Nullable Boolean enabled) {}

  /**
   * A webhook. {@code secret} is set only in the response that created it.
   *
   * @param createdAt an RFC 3339 time
   * @param updatedAt an RFC 3339 time
   */
  public record WebhookJson(
      String id,
      String name,
      @Nullable String repository,
      @Nullable String namespace,
      String url,
      String format,
      List<String> events,
      @Nullable String minSeverity,
      boolean enabled,
      String createdBy,
      String createdAt,
      String updatedAt,
      @Nullable String secret) {}

  /**
   * One delivery attempt.
   *
   * @param outcome {@code delivered} or {@code failed}
   * @param statusCode the receiver's HTTP status, null when none came
   * @param attemptedAt an RFC 3339 time
   */
  public record DeliveryJson(
      String id,
      String deliveryId,
      String eventId,
      String eventType,
      int attempt,
      String outcome,
      @Nullable Integer statusCode,
      long durationMs,
      @Nullable String error,
      String attemptedAt) {}
}
