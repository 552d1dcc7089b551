package dev.berth.db;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that moves after every write this process makes to the database: after each
 * statement that is not a {@code SELECT}, and after each transaction ends. A {@link ReadCache}
 * uses a value only while the counter is still at the value it had before the read, so the next
 * read reflects any write this node made. Thread-safe.
 */
public final class WriteEpoch {

  private final AtomicLong epoch = new AtomicLong();

  /** Returns the current value; it only grows. */
  public long current() {
    return epoch.get();
  }

  void advance() {
    epoch.incrementAndGet();
  }
}
