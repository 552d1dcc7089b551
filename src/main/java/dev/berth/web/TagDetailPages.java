package dev.berth.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.hub.ImageInfo;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.TagInfo;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.Registry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page of one tag. It lists the tag's images (one per platform for an index) and shows the
 * chosen image's layers with the history command that made each, its config and its manifest.
 * The tag's referrers, such as signatures and SBOMs, are grouped by artifact type.
 */
final class TagDetailPages {

  /** Configs larger than this are not shown; real image configs are a few KiB. */
  static final int MAX_CONFIG_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebContext context;

  TagDetailPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/r/{namespace}/{name}/tags/{tag}", Routes.Audience.ANYONE, this::show);
  }

  private WebResponse show(WebRequest request) throws Exception {
    RepositoryInfo info = RepositoryPages.repository(context, request);
    Tag tagName;
    try {
      tagName = Tag.parse(request.pathParameter("tag"));
    } catch (IllegalArgumentException e) {
      throw WebException.notFound();
    }
    TagInfo tag = context.hub().tag(request.viewer(), info.name(), tagName);
    TagView view = TagView.of(tag);

    // Pick the image: the one the query names, else the first platform of an index.
    List<ImageInfo> images = tag.images();
    Optional<String> wanted = request.query("image");
    ImageInfo chosen =
        images.stream()
            .filter(image -> wanted.map(w -> w.equals(image.digest().toString())).orElse(true))
            .findFirst()
            .orElseThrow(WebException::notFound);

    return request.page(
        "tag",
        "repo", RepositoryView.of(info),
        "tag", view,
        "images", images.stream().map(TagDetailPages::imageChoice).toList(),
        "image", detail(info.name(), chosen),
        "referrers", referrers(info.name(), tag.digest()));
  }

  private static ImageDetail.Choice imageChoice(ImageInfo image) {
    return new ImageDetail.Choice(image.digest().toString(), TagView.platform(image));
  }

  private ImageDetail detail(RepositoryName repository, ImageInfo image) throws IOException {
    Registry registry = context.hub().registry();
    byte[] manifestBytes =
        registry.manifestContent(repository, image.digest()).orElseThrow(
            () -> new IllegalStateException(
                "manifest " + image.digest() + " of a listed tag is missing in " + repository));
    JsonNode manifest = JSON.readTree(manifestBytes);

    Optional<JsonNode> config = Optional.empty();
    boolean configInvalid = false;
    JsonNode configDescriptor = manifest.path("config");
    if (configDescriptor.hasNonNull("digest")) {
      Optional<byte[]> configBytes =
          registry.readSmallBlob(
              repository, Digest.parse(configDescriptor.get("digest").asText()), MAX_CONFIG_BYTES);
      if (configBytes.isPresent()) {
        // The registry stores any bytes as a config, so a pushed config need not be JSON.
        try {
          config = Optional.of(JSON.readTree(configBytes.get()));
        } catch (JsonProcessingException e) {
          configInvalid = true;
        }
      }
    }

    List<String> commands = config.map(TagDetailPages::layerCommands).orElse(List.of());
    List<ImageDetail.Layer> layers = new ArrayList<>();
    JsonNode layerNodes = manifest.path("layers");
    for (int i = 0; i < layerNodes.size(); i++) {
      JsonNode layer = layerNodes.get(i);
      layers.add(
          new ImageDetail.Layer(
              layer.path("digest").asText(),
              Sizes.human(layer.path("size").asLong()),
              layer.path("mediaType").asText(),
              i < commands.size() ? commands.get(i) : ""));
    }
    return new ImageDetail(
        image.digest().toString(),
        TagView.platform(image),
        layers,
        config.map(TagDetailPages::indent).orElse(""),
        configInvalid,
        indent(manifest));
  }

  /**
   * Returns the history command of each layer, in layer order. History entries marked {@code
   * empty_layer} made no layer, so they are skipped; Docker's {@code #(nop)} prefix is dropped.
   */
  static List<String> layerCommands(JsonNode config) {
    List<String> commands = new ArrayList<>();
    for (JsonNode entry : config.path("history")) {
      if (entry.path("empty_layer").asBoolean(false)) {
        continue;
      }
      String command = entry.path("created_by").asText("");
      commands.add(command.replaceFirst("^/bin/sh -c #\\(nop\\)\\s*", "").strip());
    }
    return commands;
  }

  private List<ImageDetail.ReferrerGroup> referrers(RepositoryName repository, Digest subject)
      throws IOException {
    JsonNode index = JSON.readTree(context.hub().registry().referrers(repository, subject));
    Map<String, List<ImageDetail.Referrer>> groups = new LinkedHashMap<>();
    for (JsonNode descriptor : index.path("manifests")) {
      String artifactType = descriptor.path("artifactType").asText("");
      groups
          .computeIfAbsent(artifactType, type -> new ArrayList<>())
          .add(
              new ImageDetail.Referrer(
                  descriptor.path("digest").asText(),
                  Sizes.human(descriptor.path("size").asLong()),
                  descriptor.path("mediaType").asText()));
    }
    return groups.entrySet().stream()
        .map(group -> new ImageDetail.ReferrerGroup(group.getKey(), group.getValue()))
        .toList();
  }

  private static String indent(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException("writing a parsed JSON tree failed", e);
    }
  }
}
