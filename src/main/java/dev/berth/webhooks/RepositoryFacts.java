package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The source of repository facts that payloads include beyond the name. The hub room stores
 * descriptions and stars. Until it provides its own source, {@link StoredRepositoryFacts} reads
 * what the registry tables contain.
 */
@FunctionalInterface
public interface RepositoryFacts {

  /**
   * Facts about one repository.
   *
   * @param description the short description, empty when there is none
   * @param fullDescription the long description, empty when there is none
   * @param isPrivate whether only permitted users may pull
   * @param starCount how many users starred it
   * @param createdAt when the repository was created, in milliseconds since the Unix epoch, or
   *     empty when it no longer exists
   */
  record Facts(
      String description,
      String fullDescription,
      boolean isPrivate,
      long starCount,
      Optional<Long> createdAt) {}

  /** Reads the facts of {@code repository} on {@code handle}, inside the event's transaction. */
  Facts of(Handle handle, RepositoryName repository);
}
