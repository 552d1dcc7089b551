package dev.berth.hub.api.json;

import dev.berth.hub.RepositoryInfo;
import java.util.List;

/**
 * The body of {@code GET /v1/search}, in the shape that {@code docker search} (moby's {@code
 * registry.SearchResults}) and {@code podman search} (containers/image) decode.
 *
 * @param query the search term as sent
 * @param numResults how many repositories match in all
 * @param numPages how many pages of {@code page_size} that makes
 * @param page this page's number, from 1
 * @param pageSize the most results per page, the request's {@code n}
 */
public record V1SearchJson(
    String query, long numResults, long numPages, int page, int pageSize, List<Result> results) {

  public V1SearchJson {
    results = List.copyOf(results);
  }

  /**
   * One repository.
   *
   * @param name the full repository name, which {@code docker pull HOST/NAME} takes
   * @param isOfficial always false: Berth has no official images
   * @param isAutomated always false; moby no longer reads it
   * @param isTrusted always false; containers/image still reads it
   */
  public record Result(
      String name,
      String description,
      long starCount,
      boolean isOfficial,
      boolean isAutomated,
      boolean isTrusted) {

    public static Result of(RepositoryInfo info) {
      return new Result(
          info.name().value(), info.description(), info.starCount(), false, false, false);
    }
  }
}
