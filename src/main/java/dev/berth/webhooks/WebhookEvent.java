package dev.berth.webhooks;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The event types a webhook may subscribe to. Registry changes emit {@code push}, {@code pull} and
 * {@code delete}. The quota and scan types are accepted so webhooks can be set up ahead; nothing
 * emits them until quotas and scanning exist.
 */
public enum WebhookEvent {
  PUSH("push"),
  PULL("pull"),
  DELETE("delete"),
  QUOTA_WARNING("quota_warning"),
  SCAN_COMPLETED("scan_completed"),
  SCAN_FAILED("scan_failed"),
  VULNERABILITIES_FOUND("vulnerabilities_found");

  private final String wireName;

  WebhookEvent(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in the API, the database and the {@code X-Berth-Event} header. */
  public String wireName() {
    return wireName;
  }

  /** Returns the event type of {@code name}, if it is one. */
  public static Optional<WebhookEvent> fromWireName(String name) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
  }

  /** Returns every wire name, comma-separated, for error messages. */
  static String allNames() {
    return Arrays.stream(values()).map(WebhookEvent::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
