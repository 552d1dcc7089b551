package dev.berth.web;

/**
 * The position of one page in a long list, for the first, previous, next and last links.
 *
 * @param page the page number, from 1; it may be past the last page when the query asks for that
 * @param pages how many pages there are, at least 1
 * @param total how many items there are
 * @param firstUrl the link to the first page, or an empty string on the first
 * @param previousUrl the link to the previous page, or an empty string on the first
 * @param nextUrl the link to the next page, or an empty string on the last or past it
 * @param lastUrl the link to the last page, or an empty string on the last
 */
public record Paging(
    long page,
    long pages,
    long total,
    String firstUrl,
    String previousUrl,
    String nextUrl,
    String lastUrl) {

  /**
   * Returns the paging of page {@code page} of {@code total} items, {@code size} a page; {@code
   * baseUrl} ends with {@code ?…&} or {@code ?} so the page number can follow.
   */
  static Paging of(long page, int size, long total, String baseUrl) {
    long pages = Math.max(1, (total + size - 1) / size);
    // Past the end, "previous" leads back into the list rather than to another empty page.
    long previous = Math.min(page - 1, pages);
    return new Paging(
        page,
        pages,
        total,
        page > 1 ? baseUrl + "page=1" : "",
        page > 1 ? baseUrl + "page=" + previous : "",
        page < pages ? baseUrl + "page=" + (page + 1) : "",
        page != pages ? baseUrl + "page=" + pages : "");
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
    return pages == 1 && page == 1;
  }

  /** Returns whether the page is past the last one, so it has no items. */
  public boolean pastEnd() {
    return page > pages;
  }
}
