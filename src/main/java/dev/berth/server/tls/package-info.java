/**
 * HTTPS for Berth's port: PEM certificate and key files loaded into an in-memory key store, a Jetty
 * connector that offers HTTP/2 and HTTP/1.1 over TLS through ALPN, and a reloader that swaps in
 * renewed certificates without a restart.
 */
@NullMarked
package dev.berth.server.tls;

import org.jspecify.annotations.NullMarked;
