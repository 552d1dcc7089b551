package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Facts from the registry's {@code repositories} row and the hub's {@code hub_repositories} row:
 * privacy, creation time, descriptions and stars. A repository without a hub row yet has empty
 * descriptions and no stars.
 */
public final class StoredRepositoryFacts implements RepositoryFacts {

  @Override
  public Facts of(Handle handle, RepositoryName repository) {
    Optional<Facts> stored =
        handle
            .createQuery(
                "SELECT r.is_private, r.created_at, h.description, h.full_description,"
                    + " h.star_count FROM repositories r"
                    + " LEFT JOIN hub_repositories h ON h.name = r.name WHERE r.name = :name")
            .bind("name", repository.value())
            .map(
                (rs, ctx) ->
                    new Facts(
                        Objects.requireNonNullElse(rs.getString("description"), ""),
                        Objects.requireNonNullElse(rs.getString("full_description"), ""),
                        rs.getBoolean("is_private"),
                        rs.getLong("star_count"),
                        Optional.of(rs.getLong("created_at"))))
            .findOne();
    // A deleted repository counts as private, so a payload reveals nothing more about it.
    return stored.orElse(new Facts("", "", true, 0, Optional.empty()));
  }
}
