package dev.berth.auth.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of an endpoint: a status, an optional body that {@link JsonCodec} writes as JSON, and
 * extra headers such as {@code Location} or {@code Set-Cookie}.
 */
public record ApiResponse(int status, Optional<Object> body, List<Map.Entry<String, String>> headers) {

  public ApiResponse {
    headers = List.copyOf(headers);
  }

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, Optional.of(body), List.of());
  }

  public static ApiResponse created(String location, Object body) {
    return new ApiResponse(201, Optional.of(body), List.of(Map.entry("Location", location)));
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, Optional.empty(), List.of());
  }

  /** Returns this response with one more header. */
  public ApiResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new ApiResponse(status, body, more);
  }
}
