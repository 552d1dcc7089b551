package dev.berth.hub;

import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link HubListingBench} on the PostgreSQL server that {@code scripts/test} starts, only when
 * asked: {@code scripts/test -o -q -Dtest=HubListingBenchTest -Dberth.bench=true -DskipITs}. It
 * asserts nothing; the timings are in the test's output file under {@code target/surefire-reports}.
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "true")
class HubListingBenchTest {

  @TempDir Path tempDir;

  @Test
  void postgresql() throws Exception {
    try (TestDatabase database = TestDatabase.create(Dialect.POSTGRESQL, tempDir)) {
      HubListingBench.run(database.settings(), tempDir);
    }
  }
}
