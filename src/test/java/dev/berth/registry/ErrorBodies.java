package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Assertions on the distribution spec's error body, {@code {"errors":[{"code","message",
 * "detail"}]}}.
 */
final class ErrorBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Asserts that {@code response} has {@code status}, JSON content, the spec's error shape with
   * {@code code} as its first error, and a message containing each of {@code mentions}.
   */
  static void assertError(
      HttpResponse<byte[]> response, int status, String code, String... mentions) {
    String described = TestBerth.text(response);
    assertThat(response.statusCode()).as("status of %s", described).isEqualTo(status);
    JsonNode error = firstError(response);
    assertThat(error.path("code").asText()).as("code of %s", described).isEqualTo(code);
    for (String mention : mentions) {
      assertThat(error.path("message").asText())
          .as("message of %s", described)
          .contains(mention);
    }
  }

  /** Asserts the error shape and returns the first error object. */
  static JsonNode firstError(HttpResponse<byte[]> response) {
    String described = TestBerth.text(response);
    assertThat(response.headers().firstValue("Content-Type"))
        .as("Content-Type of %s", described)
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode root = parse(response.body());
    assertThat(fieldNames(root)).as("top-level fields of %s", described).containsExactly("errors");
    JsonNode errors = root.get("errors");
    assertThat(errors.isArray()).as("errors is an array in %s", described).isTrue();
    assertThat(errors.size()).as("number of errors in %s", described).isGreaterThanOrEqualTo(1);
    for (JsonNode error : errors) {
      assertThat(fieldNames(error))
          .as("fields of an error in %s", described)
          .containsExactlyInAnyOrder("code", "message", "detail");
      assertThat(error.get("code").isTextual()).as("code is a string in %s", described).isTrue();
      assertThat(error.get("message").isTextual())
          .as("message is a string in %s", described)
          .isTrue();
      assertThat(error.get("message").asText()).as("message in %s", described).isNotBlank();
    }
    return errors.get(0);
  }

  static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("response body is not JSON", e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.propertyStream().map(java.util.Map.Entry::getKey).toList();
  }

  private ErrorBodies() {}
}
