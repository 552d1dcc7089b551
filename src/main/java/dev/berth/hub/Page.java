package dev.berth.hub;

import java.util.List;

/**
 * One page of a list.
 *
 * @param count how many items the whole list has
 * @param items the items on this page
 */
public record Page<T>(long count, List<T> items) {

  public Page {
    items = List.copyOf(items);
  }
}
