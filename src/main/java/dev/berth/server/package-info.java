/**
 * The composition root and HTTP wiring: builds every room from the configuration, mounts their
 * handlers on one Jetty server with virtual threads, and shuts down in order (stop accepting,
 * drain in-flight requests, close the database).
 */
@NullMarked
package dev.berth.server;

import org.jspecify.annotations.NullMarked;
