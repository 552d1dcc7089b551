package dev.berth.hub;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * A repository's stored hub metadata joined with its registry row. Times are milliseconds since the
 * Unix epoch.
 */
record RepositoryRow(
    RepositoryName name,
    boolean isPrivate,
    long createdAt,
    String description,
    String fullDescription,
    Optional<String> createdBy,
    long pullCount,
    long starCount,
    Optional<Long> lastPushedAt,
    Optional<Long> lastPulledAt,
    long updatedAt) {}
