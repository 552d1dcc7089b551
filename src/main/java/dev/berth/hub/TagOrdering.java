package dev.berth.hub;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a repository's tags are sorted, named as Docker Hub's {@code ordering} parameter. Ties are
 * broken by tag name in the same direction.
 */
public enum TagOrdering {
  LAST_UPDATED("last_updated", false),
  LAST_UPDATED_DESC("-last_updated", true),
  NAME("name", false),
  NAME_DESC("-name", true);

  private final String wireName;
  private final boolean descending;

  TagOrdering(String wireName, boolean descending) {
    this.wireName = wireName;
    this.descending = descending;
  }

  /**
   * Returns the ordering named {@code value}.
   *
   * @throws HubException INVALID listing the accepted values
   */
  public static TagOrdering parse(String value) {
    for (TagOrdering ordering : values()) {
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

  String orderBy(String nameOrder) {
    String direction = descending ? " DESC" : "";
    if (this == NAME || this == NAME_DESC) {
      return "t.name" + nameOrder + direction;
    }
    return "t.updated_at" + direction + ", t.name" + nameOrder + direction;
  }
}
