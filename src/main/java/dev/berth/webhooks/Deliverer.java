package dev.berth.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one delivery attempt: checks the URL again with the {@link UrlGuard}, signs the body, posts
 * it and records the attempt in the delivery history. Thread-safe.
 */
final class Deliverer {

  static final String EVENT_HEADER = "X-Berth-Event";
  static final String EVENT_ID_HEADER = "X-Berth-Event-Id";
  static final String DELIVERY_HEADER = "X-Berth-Delivery";
  static final String ATTEMPT_HEADER = "X-Berth-Attempt";

  /** Errors are stored and shown in the history; longer ones are cut. */
  private static final int MAX_ERROR_LENGTH = 500;

  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  private final Jdbi jdbi;
  private final WebhookStore store;
  private final UrlGuard guard;
  private final DeliveryClient client;
  private final Clock clock;

  Deliverer(Jdbi jdbi, WebhookStore store, UrlGuard guard, DeliveryClient client, Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.guard = guard;
    this.client = client;
    this.clock = clock;
  }

  /**
   * Posts {@code body} to {@code webhook} and records the attempt in its own transaction, for test
   * deliveries that no job tracks. Failures are returned as {@link #send} returns them; only a
   * database error while recording the attempt throws.
   */
  DeliveryAttempt attempt(
      Webhook webhook,
      String deliveryId,
      String eventId,
      String eventType,
      int number,
      byte[] body) {
    DeliveryAttempt attempt = send(webhook, deliveryId, eventId, eventType, number, body);
    jdbi.useHandle(h -> store.insertAttempt(h, attempt));
    return attempt;
  }

  /**
   * Posts {@code body} to {@code webhook} and returns the attempt without recording it, so that a
   * job records it in the transaction that finishes the job. A blocked address, a refused
   * connection, a timeout or a non-2xx status is returned as a FAILED attempt, not thrown.
   */
  DeliveryAttempt send(
      Webhook webhook,
      String deliveryId,
      String eventId,
      String eventType,
      int number,
      byte[] body) {
    long started = clock.millis();
    long startedNanos = System.nanoTime();
    Optional<Integer> status = Optional.empty();
    Optional<String> error;
    try {
      List<InetAddress> addresses = guard.check(webhook.url());
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", webhook.format().contentType());
      headers.put(EVENT_HEADER, eventType);
      headers.put(EVENT_ID_HEADER, eventId);
      headers.put(DELIVERY_HEADER, deliveryId);
      headers.put(ATTEMPT_HEADER, Integer.toString(number));
      headers.put(
          DeliverySignature.HEADER,
          DeliverySignature.header(webhook.secret(), clock.millis() / 1000, body));
      int code = client.post(webhook.url(), addresses, headers, body);
      status = Optional.of(code);
      error =
          code / 100 == 2
              ? Optional.empty()
              : Optional.of(
                  "receiver answered HTTP "
                      + code
                      + (code / 100 == 3 ? "; redirects are not followed, use the final URL" : ""));
    } catch (WebhookException e) {
      error = Optional.of(e.getMessage());
    } catch (IOException e) {
      error = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
    }
    long duration = (System.nanoTime() - startedNanos) / 1_000_000;
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            UUID.randomUUID().toString(),
            webhook.id(),
            deliveryId,
            eventId,
            eventType,
            number,
            error.isEmpty() ? DeliveryAttempt.Outcome.DELIVERED : DeliveryAttempt.Outcome.FAILED,
            status,
            duration,
            error.map(Deliverer::truncate),
            started);
    LOG.atInfo()
        .addKeyValue("webhook", webhook.id())
        .addKeyValue("delivery", deliveryId)
        .addKeyValue("event", eventType)
        .addKeyValue("attempt", number)
        .addKeyValue("status", status.map(String::valueOf).orElse("none"))
        .addKeyValue("duration_ms", duration)
        .addKeyValue("error", attempt.error().orElse(""))
        .log(
            attempt.outcome() == DeliveryAttempt.Outcome.DELIVERED
                ? "webhook delivered"
                : "webhook delivery failed");
    return attempt;
  }

  private static String truncate(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
  }
}
