package dev.berth.auth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads request bodies into records and writes response records, with record components named in
 * snake_case on the wire. Reading is strict: the body must be {@code application/json} of at most
 * {@value #MAX_BODY_BYTES} bytes, one JSON object, with no unknown fields and no silent type
 * coercion (a string {@code "true"} is not a boolean, a number is not a string). Thread-safe.
 */
public final class JsonCodec {

  /** Request bodies of the accounts API are small objects; 64 KiB leaves ample room. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final String NOT_AN_OBJECT =
      "request body must be one JSON object with the documented fields";

  private final ObjectMapper mapper;

  public JsonCodec() {
    JsonMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A repeated key must not let the last copy win silently, as in two "scopes".
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    this.mapper = mapper;
  }

  /** Returns the mapper, for tests and the OpenAPI document. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Reads the request body as a {@code type}.
   *
   * @throws ApiException UNSUPPORTED_MEDIA_TYPE when the body is not JSON, BODY_TOO_LARGE when it
   *     is over {@value #MAX_BODY_BYTES} bytes, INVALID_REQUEST when it is malformed, has an
   *     unknown field or a field of the wrong type
   */
  public <T> T read(Request request, Class<T> type) throws ApiException {
    return read(request, type, MAX_BODY_BYTES);
  }

  /**
   * Reads the request body as a {@code type}, allowing up to {@code maxBytes}: for bodies with
   * long text, such as a repository's Markdown overview.
   *
   * @throws ApiException as {@link #read(Request, Class)}, with {@code maxBytes} as the limit
   */
  public <T> T read(Request request, Class<T> type, int maxBytes) throws ApiException {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null || !isJson(contentType)) {
      throw new ApiException(
          ApiErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "request body must be JSON; send Content-Type: application/json"
              + (contentType == null ? "" : " (got " + contentType + ")"));
    }
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw ApiException.invalid("request body could not be read: " + e.getMessage());
    }
    if (body.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    if (body.length == 0) {
      throw ApiException.invalid("request body is empty; send a JSON object");
    }
    T value;
    try {
      value = mapper.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(
          "unknown field '"
              + e.getPropertyName()
              + "' in the request body; allowed fields are "
              + names(e.getKnownPropertyIds()));
    } catch (MismatchedInputException e) {
      throw ApiException.invalid(mismatch(e));
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw ApiException.invalid(
          "request body nests JSON deeper than allowed; send a flat JSON object");
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw ApiException.invalid("request body is not valid JSON" + where + "; send one JSON object");
    } catch (IOException e) {
      throw ApiException.invalid("request body could not be read: " + e.getMessage());
    }
    // Jackson maps the literal body null to a null record rather than failing.
    if (value == null) {
      throw ApiException.invalid(NOT_AN_OBJECT);
    }
    return value;
  }

  /** Returns {@code value} as UTF-8 JSON. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response records always serialise", e);
    }
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(
        ApiErrorCode.BODY_TOO_LARGE,
        "request body is over " + maxBytes + " bytes; send a smaller JSON object");
  }

  private static String names(Collection<Object> known) {
    return known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
  }

  private static String mismatch(MismatchedInputException e) {
    String field = fieldPath(e.getPath());
    if (field.isEmpty()) {
      return NOT_AN_OBJECT;
    }
    return "field '" + field + "' must be " + expected(e.getTargetType());
  }

  private static String fieldPath(List<JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of the documented type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "a JSON object";
  }
}
