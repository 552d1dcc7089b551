package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.hub.ImageInfo;
import dev.berth.hub.TagInfo;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagViewTest {

  private static final Digest DIGEST =
      Digest.parse("sha256:" + "ab".repeat(32));

  @Test
  void of_platforms_formatsEachImage() {
    TagView view =
        TagView.of(
            tag(
                List.of(
                    image("linux", "amd64", null),
                    image("linux", "arm", "v7"),
                    image("wasi", "wasm32", null),
                    image("unknown", "unknown", null))));

    assertThat(view.platforms())
        .containsExactly("linux/amd64", "linux/arm/v7", "wasi/wasm32", "unknown/unknown");
  }

  @Test
  void of_artifactWithoutPlatform_hasNoPlatforms() {
    ImageInfo artifact =
        new ImageInfo(DIGEST, 10, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(TagView.of(tag(List.of(artifact))).platforms()).isEmpty();
  }

  @Test
  void of_digest_shortensToTwelveHexDigits() {
    TagView view = TagView.of(tag(List.of()));

    assertThat(view.shortDigest()).isEqualTo("abababababab");
    assertThat(view.digest()).isEqualTo(DIGEST.toString());
    assertThat(view.size()).isEqualTo("2.4 MB");
    assertThat(view.lastPulled()).isEmpty();
  }

  private static TagInfo tag(List<ImageInfo> images) {
    return new TagInfo(
        RepositoryName.parse("alice/app"),
        Tag.parse("1.0"),
        DIGEST,
        "application/vnd.oci.image.index.v1+json",
        Optional.empty(),
        2_500_000,
        images,
        Instant.parse("2026-01-02T03:04:05Z"),
        Optional.of("alice"),
        Optional.empty());
  }

  private static ImageInfo image(String os, String architecture, String variant) {
    return new ImageInfo(
        DIGEST, 100, Optional.of(os), Optional.of(architecture), Optional.ofNullable(variant),
        Optional.empty());
  }
}
