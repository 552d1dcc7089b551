package dev.berth.web;

import dev.berth.auth.RepositoryPermission;
import dev.berth.hub.RepositoryInfo;

/**
 * A repository as the repository pages show it, with times and sizes formatted.
 *
 * @param fullName the name in image references, such as {@code alice/app}
 * @param path the page path, such as {@code /r/alice/app}
 * @param namespace the namespace shown, {@code library} for one-component names
 * @param name the name below the namespace
 * @param description the short description
 * @param fullDescription the Markdown overview as written
 * @param isPrivate whether only accounts with a permission may see it
 * @param starCount how many users starred it
 * @param pullCount how many manifests were pulled
 * @param lastUpdated when it last changed, formatted
 * @param storageSize the size of its blobs, formatted
 * @param canWrite whether the viewer may push and edit descriptions
 * @param canAdmin whether the viewer may change visibility and delete
 */
public record RepositoryView(
    String fullName,
    String path,
    String namespace,
    String name,
    String description,
    String fullDescription,
    boolean isPrivate,
    long starCount,
    long pullCount,
    String lastUpdated,
    String storageSize,
    boolean canWrite,
    boolean canAdmin) {

  static RepositoryView of(RepositoryInfo info) {
    return new RepositoryView(
        info.name().toString(),
        "/r/" + info.namespace() + "/" + info.shortName(),
        info.namespace(),
        info.shortName(),
        info.description(),
        info.fullDescription(),
        info.isPrivate(),
        info.starCount(),
        info.pullCount(),
        Times.format(info.lastUpdated()),
        Sizes.human(info.storageSize()),
        info.permission().compareTo(RepositoryPermission.WRITE) >= 0,
        info.permission() == RepositoryPermission.ADMIN);
  }
}
