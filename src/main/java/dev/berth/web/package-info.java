/**
 * The web UI: server-rendered pages at {@code /} for people, in English and Simplified Chinese.
 *
 * <p>{@link dev.berth.web.WebUi} builds the one Jetty handler. It declines the paths of the
 * registry, the token service and the JSON API, so it can sit last in the server's handler
 * sequence. Pages call the auth room's services in-process, never the JSON API over HTTP.
 * Templates are JTE files under {@code src/main/jte}, compiled to Java at build time. Every form
 * carries a CSRF token, and every response carries a Content-Security-Policy that allows no inline
 * script or style.
 */
@NullMarked
package dev.berth.web;

import org.jspecify.annotations.NullMarked;
