package dev.berth.db;

/** The SQL database product behind a JDBC URL. */
public enum Dialect {
  SQLITE,
  POSTGRESQL;

  /** Returns the dialect of a JDBC URL such as {@code jdbc:sqlite:data/berth.db}. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "database url '"
            + jdbcUrl
            + "' is not supported; use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
  }
}
