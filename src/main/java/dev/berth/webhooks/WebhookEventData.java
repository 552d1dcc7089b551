package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * One event as the payload formats see it.
 *
 * @param eventId a UUID, the same for every webhook and every attempt
 * @param type the event type
 * @param repository the repository it happened to
 * @param tag the tag pushed, pulled or deleted; empty for an action by digest
 * @param digest the manifest's digest
 * @param mediaType the manifest's media type, when known
 * @param size the manifest's size in bytes, when known
 * @param actor the signed-in name that caused it, empty for anonymous callers
 * @param at milliseconds since the Unix epoch
 * @param facts the repository's description, privacy and stars at the time of the event
 */
record WebhookEventData(
    String eventId,
    WebhookEvent type,
    RepositoryName repository,
    Optional<String> tag,
    String digest,
    Optional<String> mediaType,
    Optional<Long> size,
    String actor,
    long at,
    RepositoryFacts.Facts facts) {}
