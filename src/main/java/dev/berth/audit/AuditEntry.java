package dev.berth.audit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One event to record. Build it with {@link #of}, then add the namespace, outcome and details.
 *
 * @param action what happened, one of {@link AuditActions#ALL}
 * @param actor who did it
 * @param targetKind the kind of object acted on, such as {@code user} or {@code repository}
 * @param targetName the object's name, such as {@code acme/app:latest}
 * @param namespace the namespace the object belongs to, or empty for objects outside namespaces
 * @param outcome whether it succeeded
 * @param details a few more facts as strings; never a password, token secret, TOTP code or webhook
 *     secret
 */
public record AuditEntry(
    String action,
    AuditActor actor,
    String targetKind,
    String targetName,
    String namespace,
    AuditOutcome outcome,
    Map<String, String> details) {

  /** Detail keys that would hold a secret; {@link AuditEntry} rejects them. */
  private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "code", "otp");

  public AuditEntry {
    for (String key : details.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (SECRET_WORDS.stream().anyMatch(lower::contains)) {
        throw new IllegalArgumentException(
            "audit detail '" + key + "' looks like a secret; record what happened, not the secret");
      }
    }
    details = Map.copyOf(new TreeMap<>(details));
  }

  /** Returns a successful event without a namespace or details. */
  public static AuditEntry of(
      String action, AuditActor actor, String targetKind, String targetName) {
    return new AuditEntry(
        action, actor, targetKind, targetName, "", AuditOutcome.SUCCESS, Map.of());
  }

  /** Returns this event in {@code namespace}. */
  public AuditEntry inNamespace(String namespace) {
    return new AuditEntry(action, actor, targetKind, targetName, namespace, outcome, details);
  }

  /** Returns this event as a failure. */
  public AuditEntry failed() {
    return new AuditEntry(
        action, actor, targetKind, targetName, namespace, AuditOutcome.FAILURE, details);
  }

  /** Returns this event with one more detail. */
  public AuditEntry with(String key, String value) {
    Map<String, String> more = new TreeMap<>(details);
    more.put(key, value);
    return new AuditEntry(action, actor, targetKind, targetName, namespace, outcome, more);
  }
}
