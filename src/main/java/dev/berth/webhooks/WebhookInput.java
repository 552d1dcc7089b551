package dev.berth.webhooks;

import java.util.List;
import java.util.Optional;

/**
 * The fields of a webhook as a client sent them, not yet checked. On creation, missing fields take
 * their defaults; on an update, missing fields keep their value.
 *
 * @param name a label, 1 to 100 characters
 * @param url the http:// or https:// URL deliveries are posted to
 * @param format {@code dockerhub} (the default), {@code cloudevents} or {@code slack}
 * @param events event type names; {@code ["push"]} by default
 * @param minSeverity the lowest severity of {@code vulnerabilities_found} events; {@code high} by
 *     default when that event is chosen
 * @param secret the HMAC key, 16 to 256 printable ASCII characters; generated when missing at
 *     creation
 * @param enabled whether events are delivered; true by default
 */
public record WebhookInput(
    Optional<String> name,
    Optional<String> url,
    Optional<String> format,
    Optional<List<String>> events,
    Optional<String> minSeverity,
    Optional<String> secret,
    Optional<Boolean> enabled) {}
