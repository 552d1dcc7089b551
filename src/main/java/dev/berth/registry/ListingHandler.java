package dev.berth.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.RepositoryName;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code /v2/<name>/tags/list} and {@code /v2/_catalog}, paged with {@code n} and {@code last}. */
final class ListingHandler {

  /** The largest page served; larger {@code n} values are lowered to it. */
  static final int MAX_PAGE_SIZE = 10_000;

  /** The catalog page size when a client gives no {@code n}. */
  static final int DEFAULT_CATALOG_PAGE_SIZE = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ListingService listing;

  ListingHandler(ListingService listing) {
    this.listing = listing;
  }

  void tags(Exchange exchange, RepositoryName repository) {
    requireGet(exchange);
    Optional<String> last = exchange.query("last");
    // Without n, the whole list is returned, as the distribution spec asks.
    int limit = pageSize(exchange, Integer.MAX_VALUE - 1);
    ListingService.Page page = listing.tags(repository, last, limit);
    ObjectNode body = JSON.createObjectNode();
    body.put("name", repository.value());
    body.putPOJO("tags", limit == 0 ? List.of() : page.names());
    if (limit > 0 && page.more()) {
      exchange.setHeader("Link", nextLink("/v2/" + repository + "/tags/list", page, limit));
    }
    send(exchange, body);
  }

  void catalog(Exchange exchange) {
    requireGet(exchange);
    Optional<String> last = exchange.query("last");
    int limit = pageSize(exchange, DEFAULT_CATALOG_PAGE_SIZE);
    RegistryAccess access = RegistryAccess.of(exchange.request());
    ListingService.Page page = listing.repositories(last, limit, access::mayPull);
    ObjectNode body = JSON.createObjectNode();
    body.putPOJO("repositories", limit == 0 ? List.of() : page.names());
    if (limit > 0 && page.more()) {
      exchange.setHeader("Link", nextLink("/v2/_catalog", page, limit));
    }
    send(exchange, body);
  }

  private static int pageSize(Exchange exchange, int absent) {
    Optional<String> n = exchange.query("n");
    if (n.isEmpty()) {
      return absent;
    }
    int value;
    try {
      value = Integer.parseInt(n.get());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0) {
      throw new RegistryException(
          ErrorCode.PAGINATION_NUMBER_INVALID,
          "n=" + n.get() + " is invalid; use a whole number from 0 to " + MAX_PAGE_SIZE);
    }
    return Math.min(value, MAX_PAGE_SIZE);
  }

  private static String nextLink(String path, ListingService.Page page, int limit) {
    String last = page.names().get(page.names().size() - 1);
    return "<"
        + path
        + "?last="
        + URLEncoder.encode(last, StandardCharsets.UTF_8)
        + "&n="
        + limit
        + ">; rel=\"next\"";
  }

  private static void requireGet(Exchange exchange) {
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      throw Routes.methodNotAllowed(exchange, "GET, HEAD");
    }
  }

  private static void send(Exchange exchange, ObjectNode body) {
    try {
      exchange.send(200, "application/json", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("listing failed to serialise", e);
    }
  }
}
