package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code berth} command. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    version = "berth 0.1.0",
    description = "A self-hosted container registry and hub.",
    subcommands = {
      ServeCommand.class, ConfigCommand.class, UserCommand.class, OrgCommand.class, TrainCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
