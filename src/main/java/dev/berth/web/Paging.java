package dev.berth.web;

/**
 * The position of one page in a long list, for the previous and next links.
 *
 * @param page the page number, from 1
 * @param pages how many pages there are, at least 1
 * @param total how many items there are
 * @param previousUrl the link to the previous page, or an empty string on the first
 * @param nextUrl the link to the next page, or an empty string on the last
 */
public record Paging(long page, long pages, long total, String previousUrl, String nextUrl) {

  /**
   * Returns the paging of page {@code page} of {@code total} items, {@code size} a page; {@code
   * baseUrl} ends with {@code ?…&} or {@code ?} so the page number can follow.
   */
  static Paging of(long page, int size, long total, String baseUrl) {
    long pages = Math.max(1, (total + size - 1) / size);
    return new Paging(
        page,
        pages,
        total,
        page > 1 ? baseUrl + "page=" + (page - 1) : "",
        page < pages ? baseUrl + "page=" + (page + 1) : "");
  }

  /** Returns the page number the query requests, or 1 unless that is a positive number. */
  static long requested(WebRequest request) {
    try {
      return Math.max(1, Long.parseLong(request.query("page").orElse("1")));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  public boolean single() {
    return pages == 1;
  }
}
