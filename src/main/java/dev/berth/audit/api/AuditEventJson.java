package dev.berth.audit.api;

import java.util.Map;

/**
 * One audit event in the API.
 *
 * @param time when it was recorded (RFC 3339, UTC)
 * @param actor the user or token owner's name, empty for anonymous callers and the system
 * @param actorKind {@code user}, {@code token}, {@code anonymous} or {@code system}
 * @param clientAddress the client's IP address, empty without a request
 * @param target the name of the object acted on
 * @param outcome {@code success} or {@code failure}
 */
public record AuditEventJson(
    String id,
    String time,
    String actor,
    String actorKind,
    String clientAddress,
    String action,
    String targetKind,
    String target,
    String namespace,
    String outcome,
    Map<String, String> details) {}
