package dev.berth.auth.api.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list, in Docker Hub's shape.
 *
 * @param count how many items the whole list has
 * @param next the URL of the next page, or null on the last page
 * @param previous the URL of the previous page, or null on the first page
 * @param results the items on this page
 */
public record PageJson<T>(
    long count, @Nullable String next, @Nullable String previous, List<T> results) {

  public PageJson {
    results = List.copyOf(results);
  }
}
