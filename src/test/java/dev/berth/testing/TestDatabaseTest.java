package dev.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.DatabaseSettings;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDatabaseTest {

  @TempDir Path tempDir;

  @Test
  void close_postgresWithLeakedConnection_dropsDatabase() throws Exception {
    TestDatabase testDatabase = TestDatabase.create(Dialect.POSTGRESQL, tempDir);
    DatabaseSettings settings = testDatabase.settings();
    testDatabase.open();
    Connection leaked = connect(settings);

    testDatabase.close();

    assertThat(leaked.isValid(5)).isFalse();
    leaked.close();
    assertThatThrownBy(() -> connect(settings).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void create_twice_givesDistinctDatabases() throws Exception {
    try (TestDatabase first = TestDatabase.create(Dialect.SQLITE, tempDir);
        TestDatabase second = TestDatabase.create(Dialect.SQLITE, tempDir)) {
      assertThat(first.settings().url()).isNotEqualTo(second.settings().url());
    }
  }

  private static Connection connect(DatabaseSettings settings) throws SQLException {
    return DriverManager.getConnection(
        settings.url(), settings.username().orElseThrow(), settings.password().orElseThrow());
  }
}
