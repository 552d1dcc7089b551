package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code berth train} drives a throwaway instance through every request it records for the AOT
 * cache, and fails on any unexpected status, so this test fails when a route it uses changes.
 */
class TrainCommandTest {

  @Test
  void train_runsEveryRequestAndExitsZero() {
    int exitCode = new CommandLine(new Main()).execute("train");

    assertThat(exitCode).isZero();
  }
}
