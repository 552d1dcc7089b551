package dev.berth.web;

/** One route's code: reads a {@link WebRequest} and returns the page or redirect to send. */
@FunctionalInterface
interface Page {

  /**
   * Handles the request.
   *
   * @throws WebException to respond with an error page such as 404
   * @throws Exception on any other failure, which the handler logs and turns into a 500 page
   */
  WebResponse handle(WebRequest request) throws Exception;
}
