package dev.berth.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The hand-written OpenAPI 3.1 description of this API, kept in {@value #RESOURCE} and served as
 * YAML and, converted once at startup, as JSON.
 */
final class OpenApiDocument {

  static final String RESOURCE = "/openapi/berth-api.yaml";

  private final byte[] yaml;
  private final byte[] json;

  OpenApiDocument(ObjectMapper mapper) {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      this.yaml = in.readAllBytes();
      JsonNode tree = new YAMLMapper().readTree(yaml);
      this.json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + RESOURCE, e);
    }
  }

  void register(Router router) {
    router.add("GET", "/api/openapi.json", Access.PUBLIC, call -> raw("application/json", json));
    router.add("GET", "/api/openapi.yaml", Access.PUBLIC, call -> raw("application/yaml", yaml));
  }

  private static ApiResponse raw(String contentType, byte[] body) {
    return new ApiResponse(200, Optional.of(new AccountsApi.RawBody(contentType, body)), List.of());
  }
}
