package dev.berth.webhooks;

import java.util.Optional;

/**
 * One attempt to deliver an event to a webhook, as the delivery history shows it.
 *
 * @param id a UUID of this attempt
 * @param webhookId the webhook
 * @param deliveryId the delivery's job id, the same for every attempt, sent as {@code
 *     X-Berth-Delivery}
 * @param eventId the event's id, the same for every webhook and attempt, sent as {@code
 *     X-Berth-Event-Id}
 * @param eventType the event type, or {@code ping} for a test delivery
 * @param attempt the attempt's number, from 1
 * @param outcome whether the receiver accepted it, or why nothing was sent
 * @param statusCode the receiver's HTTP status, empty when no response came
 * @param durationMillis how long the attempt took
 * @param error why it failed, empty on success; never a secret
 * @param attemptedAt milliseconds since the Unix epoch
 */
public record DeliveryAttempt(
    String id,
    String webhookId,
    String deliveryId,
    String eventId,
    String eventType,
    int attempt,
    Outcome outcome,
    Optional<Integer> statusCode,
    long durationMillis,
    Optional<String> error,
    long attemptedAt) {

  /** The result of an attempt. */
  public enum Outcome {
    /** The receiver returned a 2xx status. */
    DELIVERED("delivered"),
    /** Another status, no response, or a blocked URL. */
    FAILED("failed"),
    /**
     * Nothing was sent, because the webhook's creator may no longer manage its repository or
     * namespace; the error says why.
     */
    SKIPPED("skipped");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Outcome fromWireName(String name) {
      for (Outcome outcome : values()) {
        if (outcome.wireName.equals(name)) {
          return outcome;
        }
      }
      return FAILED;
    }
  }
}
