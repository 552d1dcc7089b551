package dev.berth.web;

import java.util.List;

/**
 * One image of a tag as the tag page shows it: its layers with the commands that made them, its
 * config and its manifest.
 *
 * @param digest the image manifest's digest
 * @param platform {@code os/architecture[/variant]}, or an empty string for an artifact
 * @param layers the layers in order
 * @param configJson the config, indented; an empty string when it is missing, too large or not
 *     valid JSON
 * @param configInvalid whether the config was read but is not valid JSON
 * @param manifestJson the manifest, indented
 */
public record ImageDetail(
        String digest,
    String platform,
    List<Layer> layers,
    String configJson,
    boolean configInvalid,
    String manifestJson) {

  /**
   * One layer.
   *
   * @param digest the layer's digest
   * @param size its compressed size, formatted
   * @param mediaType its media type
   * @param command the history command that made it, or an empty string when the config has none
   */
  public record Layer(String digest, String size, String mediaType, String command) {}

  /**
   * One image of a tag in the platform picker.
   *
   * @param digest the image manifest's digest
   * @param platform {@code os/architecture[/variant]}, or an empty string for an artifact
   */
  public record Choice(String digest, String platform) {}

  /**
   * The referrers of one artifact type, such as signatures or SBOMs.
   *
   * @param artifactType the artifact type, or an empty string when the referrers have none
   * @param referrers the referrers of that type
   */
  public record ReferrerGroup(String artifactType, List<Referrer> referrers) {}

  /**
   * One referrer.
   *
   * @param digest its manifest digest
   * @param size its manifest size, formatted
   * @param mediaType its manifest media type
   */
  public record Referrer(String digest, String size, String mediaType) {}
}
