package dev.berth.hub.api.json;

import org.jspecify.annotations.Nullable;

/** Request bodies of the repository endpoints. */
public final class RepositoryBodies {

  private RepositoryBodies() {}

  /**
   * {@code POST /api/v2/namespaces/{namespace}/repositories}.
   *
   * @param name the repository name below the namespace, such as {@code app}
   * @param description the short description; empty when absent
   * @param fullDescription the Markdown overview; empty when absent
   * @param isPrivate the visibility; the configured default when absent
   */
  public record CreateRepository(
      @Nullable String name,
      @Nullable String description,
      @Nullable String fullDescription,
      @Nullable Boolean isPrivate) {}

  /**
   * {@code PATCH .../repositories/{repository}}; absent fields stay as they are.
   *
   * @param description the short description
   * @param fullDescription the Markdown overview
   * @param isPrivate the visibility
   */
  public record UpdateRepository(
      @Nullable String description,
      @Nullable String fullDescription,
      @Nullable Boolean isPrivate) {}
}
