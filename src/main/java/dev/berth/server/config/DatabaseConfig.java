package dev.berth.server.config;

import java.util.Optional;

/**
 * The metadata database.
 *
 * @param url a JDBC URL; when absent, SQLite in {@code DATA_DIR/berth.db}
 * @param username the PostgreSQL user name
 * @param password the PostgreSQL password
 * @param maxConnections the connection pool size
 */
public record DatabaseConfig(
    Optional<String> url, Optional<String> username, Optional<Secret> password, int maxConnections) {

  public static DatabaseConfig embedded() {
    return new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 10);
  }

  public static DatabaseConfig of(String url, Optional<String> username, Optional<Secret> password) {
    return new DatabaseConfig(Optional.of(url), username, password, 10);
  }
}
