package dev.berth.db;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that moves after every write this process makes to the database: after each
 * statement that is not a {@code SELECT}, and after each transaction ends. A {@link ReadCache}
 * keeps a value only while the counter stands where it stood before the value was read, so a
 * write on this node is seen by the next read. Thread-safe.
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
