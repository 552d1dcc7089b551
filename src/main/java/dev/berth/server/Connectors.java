package dev.berth.server;

import dev.berth.server.config.BerthConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Creates the listening connector: plain HTTP/1.1, or HTTPS with HTTP/2 when TLS is configured. */
final class Connectors {

  /** The connector and what reloads its certificate (a no-op for plain HTTP). */
  record Result(ServerConnector connector, AutoCloseable reloader) {}

  static Result create(Server server, BerthConfig config, HttpConfiguration http) throws Exception {
    // TODO: serve HTTPS when config.tls() is enabled.
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.listen().host());
    connector.setPort(config.listen().port());
    return new Result(connector, () -> {});
  }

  private Connectors() {}
}
