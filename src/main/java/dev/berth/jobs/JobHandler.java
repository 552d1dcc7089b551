package dev.berth.jobs;

/** Runs the jobs of one kind. Implementations must be thread-safe. */
@FunctionalInterface
public interface JobHandler {

  /**
   * Runs one attempt of {@code job}. A {@link RuntimeException} counts as a failed attempt that is
   * retried after {@link JobQueue#RETRY_AFTER_CRASH}.
   */
  JobOutcome run(Job job);
}
