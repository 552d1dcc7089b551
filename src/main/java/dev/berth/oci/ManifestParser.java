package dev.berth.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Docker v2 schema 2 manifests, Docker manifest lists, OCI image manifests and OCI image
 * indexes, and rejects everything else (Docker schema 1 among them) with a message that names the
 * problem. Instances are thread-safe.
 */
public final class ManifestParser {

  private static final ObjectMapper JSON =
      new JsonMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());

  /**
   * Parses {@code body}, sent with the {@code Content-Type} {@code contentType} when present.
   *
   * @throws OciFormatException of kind MANIFEST when the bytes are not a supported manifest
   */
  public Manifest parse(byte[] body, Optional<String> contentType) {
    JsonNode root = readTree(body);
    Optional<String> headerType =
        contentType.map(MediaTypes::withoutParameters).filter(t -> !t.isEmpty());
    Optional<String> bodyType = optionalText(root, "mediaType");

    rejectSchema1(root, headerType, bodyType);
    String mediaType = resolveMediaType(root, headerType, bodyType);

    Optional<Descriptor> subject = optionalDescriptor(root, "subject");
    Optional<String> artifactType = optionalText(root, "artifactType");
    Map<String, String> annotations = annotations(root, "manifest");

    if (MediaTypes.INDEXES.contains(mediaType)) {
      List<Descriptor> manifests = descriptorList(root, "manifests", true);
      return new Manifest(
          mediaType, Optional.empty(), List.of(), manifests, subject, artifactType, annotations);
    }
    Descriptor config =
        optionalDescriptor(root, "config")
            .orElseThrow(() -> invalid("image manifest has no 'config' descriptor"));
    List<Descriptor> layers = descriptorList(root, "layers", true);
    return new Manifest(
        mediaType, Optional.of(config), layers, List.of(), subject, artifactType, annotations);
  }

  private static JsonNode readTree(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw invalid("manifest nests JSON objects or arrays deeper than 64 levels");
    } catch (JsonProcessingException e) {
      throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("manifest could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("manifest must be a JSON object");
    }
    return root;
  }

  private static void rejectSchema1(
      JsonNode root, Optional<String> headerType, Optional<String> bodyType) {
    boolean schema1Type =
        headerType.filter(ManifestParser::isSchema1).isPresent()
            || bodyType.filter(ManifestParser::isSchema1).isPresent();
    JsonNode version = root.get("schemaVersion");
    if (schema1Type || (version != null && version.isInt() && version.intValue() == 1)) {
      throw invalid(
          "Docker schema 1 manifests are not supported; push the image with a current client,"
              + " which sends Docker schema 2 or OCI manifests");
    }
    if (version == null || !version.isInt() || version.intValue() != 2) {
      throw invalid("manifest schemaVersion must be 2, got " + version);
    }
  }

  private static boolean isSchema1(String type) {
    return type.equals(MediaTypes.DOCKER_SCHEMA1) || type.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED);
  }

  private static String resolveMediaType(
      JsonNode root, Optional<String> headerType, Optional<String> bodyType) {
    if (bodyType.isPresent()
        && headerType.isPresent()
        && !bodyType.get().equals(headerType.get())) {
      throw invalid(
          "manifest mediaType '"
              + bodyType.get()
              + "' does not match Content-Type '"
              + headerType.get()
              + "'; send the manifest's mediaType as Content-Type");
    }
    String type =
        bodyType.or(() -> headerType).orElse(root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
    if (!MediaTypes.IMAGE_MANIFESTS.contains(type) && !MediaTypes.INDEXES.contains(type)) {
      throw invalid(
          "manifest media type '"
              + type
              + "' is not supported; use "
              + MediaTypes.OCI_MANIFEST
              + ", "
              + MediaTypes.OCI_INDEX
              + ", "
              + MediaTypes.DOCKER_MANIFEST
              + " or "
              + MediaTypes.DOCKER_MANIFEST_LIST);
    }
    return type;
  }

  private static List<Descriptor> descriptorList(JsonNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw invalid("manifest has no '" + field + "' array");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("manifest field '" + field + "' must be an array");
    }
    List<Descriptor> result = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      result.add(descriptor(node.get(i), field + "[" + i + "]"));
    }
    return result;
  }

  private static Optional<Descriptor> optionalDescriptor(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(descriptor(node, field));
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (!node.isObject()) {
      throw invalid("descriptor '" + where + "' must be a JSON object");
    }
    String mediaType =
        optionalText(node, "mediaType")
            .orElseThrow(() -> invalid("descriptor '" + where + "' has no mediaType"));
    String digestText =
        optionalText(node, "digest")
            .orElseThrow(() -> invalid("descriptor '" + where + "' has no digest"));
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (OciFormatException e) {
      throw invalid("descriptor '" + where + "': " + e.getMessage());
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.longValue() < 0) {
      throw invalid("descriptor '" + where + "' needs a non-negative integer size, got " + size);
    }
    List<String> urls = new ArrayList<>();
    JsonNode urlsNode = node.get("urls");
    if (urlsNode != null && urlsNode.isArray()) {
      urlsNode.forEach(u -> urls.add(u.asText()));
    }
    return new Descriptor(
        mediaType,
        digest,
        size.longValue(),
        urls,
        optionalText(node, "artifactType"),
        platform(node.get("platform"), where),
        annotations(node, where));
  }

  private static Optional<Platform> platform(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw invalid("platform of '" + where + "' must be a JSON object");
    }
    String os = optionalText(node, "os").orElse("unknown");
    String architecture = optionalText(node, "architecture").orElse("unknown");
    return Optional.of(
        new Platform(
            os, architecture, optionalText(node, "variant"), optionalText(node, "os.version")));
  }

  private static Map<String, String> annotations(JsonNode node, String where) {
    JsonNode annotations = node.get("annotations");
    if (annotations == null || annotations.isNull()) {
      return Map.of();
    }
    if (!annotations.isObject()) {
      throw invalid("annotations of '" + where + "' must be a JSON object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (var entry : annotations.properties()) {
      if (!entry.getValue().isTextual()) {
        throw invalid(
            "annotation '" + entry.getKey() + "' of '" + where + "' must be a string");
      }
      result.put(entry.getKey(), entry.getValue().textValue());
    }
    return result;
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid("field '" + field + "' must be a string, got " + value);
    }
    return Optional.of(value.textValue());
  }

  private static OciFormatException invalid(String message) {
    return new OciFormatException(OciFormatException.Kind.MANIFEST, message);
  }
}
