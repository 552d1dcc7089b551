package dev.berth.jobs;

import org.jdbi.v3.core.Handle;

/**
 * The result a {@link JobHandler} returns for one attempt, with the rows the attempt writes. The
 * worker writes those rows in the transaction that records the outcome, so after a crash either
 * both are stored or neither is.
 */
public sealed interface JobOutcome {

  /** Returns the rows to write with the outcome. */
  Effect effect();

  /** Rows a job writes in the transaction that records its outcome. */
  @FunctionalInterface
  interface Effect {

    /** Writes nothing. */
    Effect NONE = handle -> {};

    /** Writes the rows on {@code handle}, inside the outcome's transaction. */
    void write(Handle handle);
  }

  /** The job is finished. */
  record Done(Effect effect) implements JobOutcome {
    public Done() {
      this(Effect.NONE);
    }
  }

  /**
   * The attempt failed and the job should run again at {@code at}.
   *
   * @param at milliseconds since the Unix epoch
   * @param error why the attempt failed, for the job row; never a secret
   */
  record RetryAt(long at, String error, Effect effect) implements JobOutcome {
    public RetryAt(long at, String error) {
      this(at, error, Effect.NONE);
    }
  }

  /**
   * The attempt failed and the job will never succeed, so it is not retried.
   *
   * @param error why, for the job row; never a secret
   */
  record GiveUp(String error, Effect effect) implements JobOutcome {
    public GiveUp(String error) {
      this(error, Effect.NONE);
    }
  }
}
