package dev.berth.hub.api.json;

import dev.berth.auth.api.json.JsonTimes;
import dev.berth.hub.ImageInfo;
import dev.berth.hub.TagInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tag, as Docker Hub's {@code .../repositories/{repository}/tags/{tag}} returns it, plus the
 * manifest's {@code digest}, {@code media_type} and {@code artifact_type}.
 *
 * @param contentType {@code image} for images and indexes, {@code artifact} for OCI artifacts
 * @param lastUpdated when the tag last moved, the same as {@code tag_last_pushed}
 * @param lastUpdaterUsername who moved it last; null when unknown or anonymous
 * @param tagLastPulled when it was last pulled by name; null when never
 */
public record TagJson(
    String name,
    String digest,
    String mediaType,
    @Nullable String artifactType,
    String contentType,
    long fullSize,
    String lastUpdated,
    @Nullable String lastUpdaterUsername,
    @Nullable String tagLastPulled,
    String tagLastPushed,
    List<ImageJson> images) {

  /**
   * One image of the tag. The platform fields are null for an artifact.
   *
   * @param size the compressed size of config and layers, in bytes
   */
  public record ImageJson(
      @Nullable String architecture,
      @Nullable String os,
      @Nullable String variant,
      @Nullable String osVersion,
      String digest,
      long size) {

    static ImageJson of(ImageInfo image) {
      return new ImageJson(
          image.architecture().orElse(null),
          image.os().orElse(null),
          image.variant().orElse(null),
          image.osVersion().orElse(null),
          image.digest().toString(),
          image.size());
    }
  }

  public static TagJson of(TagInfo tag) {
    boolean artifact =
        tag.images().stream().allMatch(i -> i.os().isEmpty()) && tag.artifactType().isPresent();
    return new TagJson(
        tag.name().value(),
        tag.digest().toString(),
        tag.mediaType(),
        tag.artifactType().orElse(null),
        artifact ? "artifact" : "image",
        tag.fullSize(),
        JsonTimes.format(tag.lastPushed()),
        tag.pusher().orElse(null),
        JsonTimes.format(tag.lastPulled()),
        JsonTimes.format(tag.lastPushed()),
        tag.images().stream().map(ImageJson::of).toList());
  }
}
