package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Facts from the {@code repositories} table alone: privacy and creation time. Descriptions are
 * empty and the star count is 0 until the hub room supplies its own {@link RepositoryFacts}.
 */
public final class StoredRepositoryFacts implements RepositoryFacts {

  @Override
  public Facts of(Handle handle, RepositoryName repository) {
    Optional<Facts> stored =
        handle
            .createQuery("SELECT is_private, created_at FROM repositories WHERE name = :name")
            .bind("name", repository.value())
            .map(
                (rs, ctx) ->
                    new Facts(
                        "",
                        "",
                        rs.getBoolean("is_private"),
                        0,
                        Optional.of(rs.getLong("created_at"))))
            .findOne();
    // A deleted repository counts as private, so a payload reveals nothing more about it.
    return stored.orElse(new Facts("", "", true, 0, Optional.empty()));
  }
}
