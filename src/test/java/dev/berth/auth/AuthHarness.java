package dev.berth.auth;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * An empty database of one dialect with the auth room wired over it, a clock that tests move, and
 * Argon2id costs low enough that tests can hash hundreds of passwords.
 */
final class AuthHarness implements AutoCloseable {

  /** The cheapest Argon2id costs: 64 KiB, one pass, one lane. */
  static final PasswordHasher.Parameters CHEAP = new PasswordHasher.Parameters(64, 1, 1);

  static final String PASSWORD = "correct horse battery";

  final TestDatabase testDatabase;
  final Database database;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SecureRandom random = new SecureRandom();
  final Accounts accounts;

  private AuthHarness(TestDatabase testDatabase) {
    this.testDatabase = testDatabase;
    this.database = testDatabase.open();
    this.accounts = new Accounts(database, clock, random, CHEAP);
  }

  static AuthHarness create(Dialect dialect, Path tempDir) throws SQLException {
    return new AuthHarness(TestDatabase.create(dialect, tempDir));
  }

  Jdbi jdbi() {
    return database.jdbi();
  }

  /** Creates an administrator with {@link #PASSWORD} and returns its principal. */
  Principal.User administrator(String name) {
    user(name);
    jdbi().useHandle(h -> h.execute("UPDATE users SET is_admin = TRUE WHERE username = ?", name));
    return new Principal.User(name, true);
  }

  /** Creates a user with {@link #PASSWORD} and returns its principal. */
  Principal.User user(String name) {
    accounts
        .accountService()
        .createUser(new Principal.Anonymous(), name, name + "@example.com", PASSWORD);
    return new Principal.User(name, false);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + literal, e);
    }
  }

  @Override
  public void close() throws SQLException {
    testDatabase.close();
  }
}
