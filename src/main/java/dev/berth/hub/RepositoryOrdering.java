package dev.berth.hub;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a list of repositories is sorted, named as Docker Hub's {@code ordering} parameter: a field,
 * with a leading {@code -} for descending. Ties are broken by name in the same direction, so every
 * order is total and pages never overlap.
 */
public enum RepositoryOrdering {
  NAME("name", "h.name", false),
  NAME_DESC("-name", "h.name", true),
  LAST_UPDATED("last_updated", "h.updated_at", false),
  LAST_UPDATED_DESC("-last_updated", "h.updated_at", true),
  PULL_COUNT("pull_count", "h.pull_count", false),
  PULL_COUNT_DESC("-pull_count", "h.pull_count", true),
  STAR_COUNT("star_count", "h.star_count", false),
  STAR_COUNT_DESC("-star_count", "h.star_count", true);

  private final String wireName;
  private final String column;
  private final boolean descending;

  RepositoryOrdering(String wireName, String column, boolean descending) {
    this.wireName = wireName;
    this.column = column;
    this.descending = descending;
  }

  /**
   * Returns the ordering named {@code value}, such as {@code -last_updated}.
   *
   * @throws HubException INVALID listing the accepted values
   */
  public static RepositoryOrdering parse(String value) {
    for (RepositoryOrdering ordering : values()) {
      if (ordering.wireName.equals(value)) {
        return ordering;
      }
    }
    throw HubException.invalid(
        "query parameter ordering="
            + value
            + " is invalid; use one of "
            + Arrays.stream(values()).map(o -> o.wireName).collect(Collectors.joining(", ")));
  }

  public String wireName() {
    return wireName;
  }

  /** Returns the SQL {@code ORDER BY} list; {@code nameOrder} is the collation suffix for names. */
  String orderBy(String nameOrder) {
    String direction = descending ? " DESC" : "";
    if (column.equals("h.name")) {
      return "h.name" + nameOrder + direction;
    }
    return column + direction + ", h.name" + nameOrder + direction;
  }
}
