package dev.berth.hub.api.json;

import dev.berth.auth.api.json.JsonTimes;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.auth.RepositoryPermission;
import dev.berth.hub.RepositoryInfo;
import org.jspecify.annotations.Nullable;

/**
 * A repository, as Docker Hub's {@code /v2/namespaces/{namespace}/repositories/{repository}}
 * returns it. {@code full_description} is sent only for a single repository, not in lists, as on
 * Docker Hub. {@code created_by}, {@code last_pushed} and {@code last_pulled} are Berth's own.
 *
 * @param repositoryType always {@code image}
 * @param permissions the caller's permission
 */
public record RepositoryJson(
    String name,
    String namespace,
    String repositoryType,
    String description,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String fullDescription,
    boolean isPrivate,
    long starCount,
    long pullCount,
    String lastUpdated,
    @Nullable String lastPushed,
    @Nullable String lastPulled,
    String dateRegistered,
    @Nullable String createdBy,
    long storageSize,
    PermissionsJson permissions,
    boolean hasStarred) {

  /**
   * The caller's permission as three flags, as on Docker Hub.
   *
   * @param read may pull
   * @param write may push and change the description
   * @param admin may change the visibility and delete
   */
  public record PermissionsJson(boolean read, boolean write, boolean admin) {

    static PermissionsJson of(RepositoryPermission permission) {
      return new PermissionsJson(
          true,
          permission.compareTo(RepositoryPermission.WRITE) >= 0,
          permission == RepositoryPermission.ADMIN);
    }
  }

  /** Returns the body for {@code info}; with {@code full}, the full description too. */
  public static RepositoryJson of(RepositoryInfo info, boolean full) {
    return new RepositoryJson(
        info.shortName(),
        info.namespace(),
        "image",
        info.description(),
        full ? info.fullDescription() : null,
        info.isPrivate(),
        info.starCount(),
        info.pullCount(),
        JsonTimes.format(info.lastUpdated()),
        JsonTimes.format(info.lastPushed()),
        JsonTimes.format(info.lastPulled()),
        JsonTimes.format(info.dateRegistered()),
        info.createdBy().orElse(null),
        info.storageSize(),
        PermissionsJson.of(info.permission()),
        info.starred());
  }
}
