package dev.berth.db;

import java.util.Optional;

/**
 * How to reach the metadata database.
 *
 * @param url the JDBC URL, {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB}
 * @param username the user name for PostgreSQL
 * @param password the password for PostgreSQL
 * @param maxConnections the size of the connection pool
 */
public record DatabaseSettings(
    String url, Optional<String> username, Optional<String> password, int maxConnections) {}
