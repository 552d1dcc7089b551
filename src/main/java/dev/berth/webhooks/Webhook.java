package dev.berth.webhooks;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * A stored webhook.
 *
 * @param id a UUID
 * @param scope the repository or namespace it watches
 * @param name a label for people
 * @param url where deliveries are posted; it never contains credentials
 * @param format how bodies are shaped
 * @param events the event types it receives
 * @param minSeverity the lowest severity a {@code vulnerabilities_found} event must reach
 * @param secret the HMAC-SHA256 key of the signature header; {@link #toString} leaves it out
 * @param enabled whether events are delivered; a disabled webhook gets no new jobs and its pending
 *     ones are dropped
 * @param createdBy the user it delivers on behalf of: who created it or last changed it
 * @param createdAt milliseconds since the Unix epoch
 * @param updatedAt milliseconds since the Unix epoch
 */
public record Webhook(
    String id,
    WebhookScope scope,
    String name,
    URI url,
    PayloadFormat format,
    Set<WebhookEvent> events,
    Optional<Severity> minSeverity,
    String secret,
    boolean enabled,
    String createdBy,
    long createdAt,
    long updatedAt) {

  public Webhook {
    events = Set.copyOf(events);
  }

  @Override
  public String toString() {
    return "Webhook[id=" + id + ", scope=" + scope + ", url=" + url + ", format=" + format + "]";
  }
}
