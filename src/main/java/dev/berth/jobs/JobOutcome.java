package dev.berth.jobs;

/** The result a {@link JobHandler} returns for one attempt. */
public sealed interface JobOutcome {

  /** The job is finished. */
  record Done() implements JobOutcome {}

  /**
   * The attempt failed and the job should run again at {@code at}.
   *
   * @param at milliseconds since the Unix epoch
   * @param error why the attempt failed, for the job row; never a secret
   */
  record RetryAt(long at, String error) implements JobOutcome {}

  /**
   * The attempt failed and the job will never succeed, so it is not retried.
   *
   * @param error why, for the job row; never a secret
   */
  record GiveUp(String error) implements JobOutcome {}
}
