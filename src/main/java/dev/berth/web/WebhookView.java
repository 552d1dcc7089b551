package dev.berth.web;

import dev.berth.webhooks.DeliveryAttempt;
import dev.berth.webhooks.Webhook;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as the repository's webhook page lists it.
 *
 * @param id the webhook's id, for its delivery page and forms
 * @param name its label
 * @param url where deliveries go
 * @param format the payload format's wire name, such as {@code dockerhub}
 * @param events the event wire names, such as {@code push}
 * @param enabled whether deliveries are sent
 */
public record WebhookView(
    String id, String name, String url, String format, List<String> events, boolean enabled) {

  static WebhookView of(Webhook webhook) {
    return new WebhookView(
        webhook.id(),
        webhook.name(),
        webhook.url().toString(),
        webhook.format().wireName(),
        webhook.events().stream().map(event -> event.wireName()).sorted().toList(),
        webhook.enabled());
  }

  /**
   * One delivery attempt, formatted.
   *
   * @param eventType the event's type, such as {@code push} or {@code ping}
   * @param attempt the attempt number of its delivery, from 1
   * @param delivered whether the receiver returned a 2xx status
   * @param skipped whether nothing was sent because the webhook's creator lost access
   * @param status the HTTP status, or an empty string when there was no response
   * @param error why it failed, or an empty string
   * @param durationMillis how long it took
   * @param at when it was made
   */
  public record Attempt(
      String eventType,
      int attempt,
      boolean delivered,
      boolean skipped,
      String status,
      String error,
      long durationMillis,
      String at) {

    static Attempt of(DeliveryAttempt attempt) {
      return new Attempt(
          attempt.eventType(),
          attempt.attempt(),
          attempt.outcome() == DeliveryAttempt.Outcome.DELIVERED,
          attempt.outcome() == DeliveryAttempt.Outcome.SKIPPED,
          attempt.statusCode().map(String::valueOf).orElse(""),
          attempt.error().orElse(""),
          attempt.durationMillis(),
          Times.format(Instant.ofEpochMilli(attempt.attemptedAt())));
    }
  }
}
