package dev.berth.web;

import dev.berth.hub.ImageInfo;
import dev.berth.hub.TagInfo;
import java.util.List;

/**
 * A tag as the tags table shows it.
 *
 * @param name the tag
 * @param digest the full manifest digest, for copying
 * @param shortDigest the first 12 hex digits of the digest, as Docker shows image ids
 * @param platforms each image's {@code os/architecture[/variant]}, {@code wasi/wasm32} and
 *     {@code unknown/unknown} included; empty for an artifact without a platform
 * @param size the compressed size, formatted
 * @param pushed when the tag last moved, formatted
 * @param pusher who pushed it, or an empty string when unknown
 * @param lastPulled when it was last pulled, or an empty string for never
 */
public record TagView(
    String name,
    String digest,
    String shortDigest,
    List<String> platforms,
    String size,
    String pushed,
    String pusher,
    String lastPulled) {

  static TagView of(TagInfo tag) {
    String digest = tag.digest().toString();
    String hex = digest.substring(digest.indexOf(':') + 1);
    return new TagView(
        tag.name().toString(),
        digest,
        hex.substring(0, Math.min(12, hex.length())),
        tag.images().stream().map(TagView::platform).filter(p -> !p.isEmpty()).toList(),
        Sizes.human(tag.fullSize()),
        Times.format(tag.lastPushed()),
        tag.pusher().orElse(""),
        Times.format(tag.lastPulled()));
  }

  /** Returns {@code os/architecture[/variant]}, or an empty string for an artifact. */
  static String platform(ImageInfo image) {
    if (image.os().isEmpty() && image.architecture().isEmpty()) {
      return "";
    }
    String platform =
        image.os().orElse("unknown") + "/" + image.architecture().orElse("unknown");
    return image.variant().map(variant -> platform + "/" + variant).orElse(platform);
  }
}
