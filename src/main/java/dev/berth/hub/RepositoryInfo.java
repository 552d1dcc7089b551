package dev.berth.hub;

import dev.berth.auth.RepositoryPermission;
import dev.berth.oci.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/**
 * A repository as the hub shows it to one viewer.
 *
 * @param name the full repository name, such as {@code acme/app}
 * @param description the short description, at most {@value RepositoryRules#MAX_DESCRIPTION}
 *     characters
 * @param fullDescription the overview in Markdown
 * @param isPrivate whether only accounts with a permission may see it
 * @param starCount how many users starred it
 * @param pullCount how many image manifests were pulled from it (HEAD requests and index GETs
 *     excluded)
 * @param lastUpdated the last push or change of description or visibility
 * @param lastPushed the last push, empty when nothing was pushed
 * @param lastPulled the last pull, empty when never
 * @param dateRegistered when the repository was created
 * @param createdBy who created it, empty when unknown (a push without authentication)
 * @param storageSize the bytes of the distinct blobs it links
 * @param permission the viewer's permission on it; {@code read} at least, since the viewer sees it
 * @param starred whether the viewer starred it
 */
public record RepositoryInfo(
    RepositoryName name,
    String description,
    String fullDescription,
    boolean isPrivate,
    long starCount,
    long pullCount,
    Instant lastUpdated,
    Optional<Instant> lastPushed,
    Optional<Instant> lastPulled,
    Instant dateRegistered,
    Optional<String> createdBy,
    long storageSize,
    RepositoryPermission permission,
    boolean starred) {

  /**
   * Returns the namespace Docker Hub shows: the first component, or {@code library} for a
   * one-component name such as {@code alpine}, as Docker Hub names official images.
   */
  public String namespace() {
    return RepositoryRules.displayNamespace(name);
  }

  /** Returns the name below the namespace, such as {@code app} for {@code acme/app}. */
  public String shortName() {
    return RepositoryRules.displayName(name);
  }
}
