package dev.berth.auth.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of an endpoint: a status, an optional body that {@link JsonCodec} writes as JSON, and
 * extra headers such as {@code Location} or {@code Set-Cookie}.
 */
record ApiResponse(int status, Optional<Object> body, List<Map.Entry<String, String>> headers) {

  ApiResponse {
    headers = List.copyOf(headers);
  }

  static ApiResponse ok(Object body) {
    return new ApiResponse(200, Optional.of(body), List.of());
  }

  static ApiResponse created(String location, Object body) {
    return new ApiResponse(201, Optional.of(body), List.of(Map.entry("Location", location)));
  }

  static ApiResponse noContent() {
    return new ApiResponse(204, Optional.empty(), List.of());
  }

  /** Returns this response with one more header. */
  ApiResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new ApiResponse(status, body, more);
  }
}
