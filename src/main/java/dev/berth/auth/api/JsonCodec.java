package dev.berth.auth.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

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
            // 2.5 for a whole-number field is a client error, not a silent 2.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule().addDeserializer(String.class, new CheckedStrings()))
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
    try (JsonParser parser = mapper.createParser(body)) {
      // Mismatches are handled while the parser is open, because their messages read the
      // rejected number and the field path from it.
      try {
        value = mapper.readValue(parser, type);
      } catch (UnrecognizedPropertyException e) {
        throw e;
      } catch (InvalidTextException e) {
        throw ApiException.invalid(
            "field '"
                + fieldPath(e.getPath())
                + "' contains "
                + e.getOriginalMessage()
                + "; remove control characters and unpaired surrogates");
      } catch (MismatchedInputException e) {
        throw ApiException.invalid(mismatch(e));
      } catch (InputCoercionException e) {
        // An integer literal too large for the field's type.
        throw ApiException.invalid(outOfRange(fieldPointer(parser), e.getTargetType()));
      } catch (JsonMappingException e) {
        // The same, as Jackson wraps it inside a record, where the path names the field.
        if (e.getCause() instanceof InputCoercionException coercion) {
          throw ApiException.invalid(outOfRange(fieldPath(e.getPath()), coercion.getTargetType()));
        }
        throw e;
      }
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(
          "unknown field '"
              + e.getPropertyName()
              + "' in the request body; allowed fields are "
              + names(e.getKnownPropertyIds()));
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw ApiException.invalid(
          "request body nests JSON deeper than allowed; send a flat JSON object");
    } catch (JsonProcessingException e) {
      String where = "";
      if (e.getLocation() != null) {
        where =
            " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
      }
      throw ApiException.invalid(
          "request body is not valid JSON" + where + "; send one JSON object");
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
    Class<?> target = e.getTargetType();
    if (isWholeNumber(target)) {
      Optional<BigDecimal> number = number(e.getProcessor());
      if (number.isPresent() && isIntegral(number.get()) && !fits(number.get(), target)) {
        return outOfRange(field, target);
      }
      return "field '" + field + "' must be a whole number from " + range(target);
    }
    return "field '" + field + "' must be " + expected(target);
  }

  private static String outOfRange(String field, Class<?> target) {
    String name = field.isEmpty() ? "a number in the request body" : "field '" + field + "'";
    return name + " is out of range; use a whole number from " + range(target);
  }

  private static boolean isWholeNumber(@Nullable Class<?> type) {
    return type == Long.class
        || type == long.class
        || type == Integer.class
        || type == int.class
        || type == Short.class
        || type == short.class;
  }

  private static boolean fits(BigDecimal number, Class<?> type) {
    BigDecimal min = BigDecimal.valueOf(Long.MIN_VALUE);
    BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
    if (type == Integer.class || type == int.class) {
      min = BigDecimal.valueOf(Integer.MIN_VALUE);
      max = BigDecimal.valueOf(Integer.MAX_VALUE);
    } else if (type == Short.class || type == short.class) {
      min = BigDecimal.valueOf(Short.MIN_VALUE);
      max = BigDecimal.valueOf(Short.MAX_VALUE);
    }
    return number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
  }

  private static String range(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Short.class || type == short.class) {
      return Short.MIN_VALUE + " to " + Short.MAX_VALUE;
    }
    return Long.MIN_VALUE + " to " + Long.MAX_VALUE;
  }

  /** Returns the number the parser stopped at, when it stopped at one. */
  private static Optional<BigDecimal> number(@Nullable Object processor) {
    if (!(processor instanceof JsonParser parser)) {
      return Optional.empty();
    }
    boolean numeric =
        parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)
            || parser.hasToken(JsonToken.VALUE_NUMBER_INT);
    if (!numeric) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.getDecimalValue());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isIntegral(BigDecimal number) {
    return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
  }

  /** Returns the dotted path of the field the parser is in, such as {@code pull_limit}. */
  private static String fieldPointer(JsonParser parser) {
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    return pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
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

  /**
   * Deserializes every JSON string, rejecting what no text field should store: NUL and the other
   * C0 control characters except tab, line feed and carriage return, and unpaired UTF-16
   * surrogates (a JSON escape such as {@code \\ud800}), which databases store as {@code ?} or
   * reject.
   */
  private static final class CheckedStrings extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;

    CheckedStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      if (value == null) {
        return null;
      }
      int position = 0;
      for (int i = 0; i < value.length(); ) {
        int codePoint = value.codePointAt(i);
        position++;
        if (Character.isSurrogate((char) codePoint) && Character.charCount(codePoint) == 1) {
          throw new InvalidTextException(
              parser,
              String.format("an unpaired surrogate U+%04X at character %d", codePoint, position));
        }
        boolean lineBreakOrTab = codePoint == '\t' || codePoint == '\n' || codePoint == '\r';
        if (codePoint < 0x20 && !lineBreakOrTab) {
          throw new InvalidTextException(
              parser,
              String.format("the control character U+%04X at character %d", codePoint, position));
        }
        i += Character.charCount(codePoint);
      }
      return value;
    }
  }

  /** A JSON string with a character that {@link CheckedStrings} rejects. */
  private static final class InvalidTextException extends MismatchedInputException {
    private static final long serialVersionUID = 1L;

    InvalidTextException(JsonParser parser, String message) {
      super(parser, message, String.class);
    }
  }
}
