package dev.berth.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that locate Berth's data for the account commands, read the same way as by {@code
 * berth serve}: the configuration file, then {@code BERTH_…} variables, then {@code --data}.
 */
final class StoreOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file, the same one berth serve uses.")
  Optional<Path> configFile = Optional.empty();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory with the SQLite database (default: data_dir from the configuration,"
              + " else ./data). Ignored for the database when database.url is set.")
  Optional<Path> dataDir = Optional.empty();
}
