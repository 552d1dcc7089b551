package dev.berth.hub.ratelimit;

import dev.berth.hub.ratelimit.PullCountStore.Delta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pull counts of the current window, kept in memory and written to {@link PullCountStore} by
 * {@link #flush}. A subject's count is read from the store once per window, at its first pull, so
 * counts written before a restart or by another node are honoured. Thread-safe.
 */
final class PullCounters {

  /**
   * The outcome of one {@link #acquire}.
   *
   * @param admitted whether the request may be served
   * @param used the pulls counted in the window, including this one when it was counted
   */
  record Outcome(boolean admitted, long used) {}

  private record WindowKey(String subject, long windowStart) {}

  /** One subject's count in its latest window; fields are guarded by {@code lock}. */
  private static final class Counter {
    final ReentrantLock lock = new ReentrantLock();
    boolean loaded;
    boolean evicted;
    long windowStart;
    /** The stored total when last read or written, including other nodes' pulls. */
    long stored;
    /** Pulls counted here since the last flush. */
    long pending;
  }

  private final PullCountStore store;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** Pulls of ended windows, and pulls a failed flush could not write; guarded by itself. */
  private final Map<WindowKey, Long> unflushed = new LinkedHashMap<>();

  private final ReentrantLock flushLock = new ReentrantLock();

  PullCounters(PullCountStore store) {
    this.store = store;
  }

  /**
   * Checks {@code subject}'s count in the window starting at {@code windowStart} against {@code
   * limit}: a request is admitted while fewer than {@code limit} pulls are counted. With {@code
   * consume}, an admitted request is counted.
   */
  Outcome acquire(String subject, long windowStart, long limit, boolean consume) {
    while (true) {
      Counter counter = counters.computeIfAbsent(subject, key -> new Counter());
      counter.lock.lock();
      try {
        if (counter.evicted) {
          continue;
        }
        if (!counter.loaded || counter.windowStart != windowStart) {
          moveToNewWindow(subject, counter, windowStart);
        }
        long used = counter.stored + counter.pending;
        if (used >= limit) {
          return new Outcome(false, used);
        }
        if (consume) {
          counter.pending++;
          used++;
        }
        return new Outcome(true, used);
      } finally {
        counter.lock.unlock();
      }
    }
  }

  /** Keeps the pending pulls of the old window for the next flush and reads the new window. */
  private void moveToNewWindow(String subject, Counter counter, long windowStart) {
    if (counter.loaded && counter.pending > 0) {
      keepUnflushed(new WindowKey(subject, counter.windowStart), counter.pending);
    }
    // The read happens under the counter's lock, so concurrent first pulls wait for it instead of
    // each starting from zero. It runs once per subject and window.
    counter.stored = store.count(subject, windowStart);
    counter.pending = 0;
    counter.windowStart = windowStart;
    counter.loaded = true;
  }

  /**
   * Adds the pulls counted since the last flush to the store and refreshes each written count
   * with the stored total, which includes other nodes' pulls. Counters of windows that started
   * before {@code currentWindowStart} and have nothing left to write are dropped.
   *
   * <p>NOTE: counts live only in memory between two flushes, so a crash loses at most the pulls
   * of one flush interval, and those callers may pull that many times more in the window.
   *
   * @throws RuntimeException when the store fails; the pulls stay queued for the next flush
   */
  void flush(long currentWindowStart) {
    flushLock.lock();
    try {
      Map<WindowKey, Long> deltas = takeDeltas();
      if (!deltas.isEmpty()) {
        write(deltas);
      }
      evictEnded(currentWindowStart);
    } finally {
      flushLock.unlock();
    }
  }

  private Map<WindowKey, Long> takeDeltas() {
    Map<WindowKey, Long> deltas;
    synchronized (unflushed) {
      deltas = new LinkedHashMap<>(unflushed);
      unflushed.clear();
    }
    for (Map.Entry<String, Counter> entry : counters.entrySet()) {
      Counter counter = entry.getValue();
      counter.lock.lock();
      try {
        if (counter.pending > 0) {
          deltas.merge(new WindowKey(entry.getKey(), counter.windowStart), counter.pending, Long::sum);
          counter.stored += counter.pending;
          counter.pending = 0;
        }
      } finally {
        counter.lock.unlock();
      }
    }
    return deltas;
  }

  private void write(Map<WindowKey, Long> deltas) {
    List<Delta> rows = new ArrayList<>(deltas.size());
    deltas.forEach((key, pulls) -> rows.add(new Delta(key.subject(), key.windowStart(), pulls)));
    long[] totals;
    try {
      totals = store.add(rows);
    } catch (RuntimeException e) {
      // The in-memory counts already include these pulls; only the write is retried.
      deltas.forEach(this::keepUnflushed);
      throw e;
    }
    for (int i = 0; i < rows.size(); i++) {
      Counter counter = counters.get(rows.get(i).subject());
      if (counter == null) {
        continue;
      }
      counter.lock.lock();
      try {
        if (counter.loaded && counter.windowStart == rows.get(i).windowStart()) {
          counter.stored = Math.max(counter.stored, totals[i]);
        }
      } finally {
        counter.lock.unlock();
      }
    }
  }

  private void evictEnded(long currentWindowStart) {
    for (Map.Entry<String, Counter> entry : counters.entrySet()) {
      Counter counter = entry.getValue();
      counter.lock.lock();
      try {
        if (counter.windowStart < currentWindowStart && counter.pending == 0) {
          counter.evicted = true;
          counters.remove(entry.getKey(), counter);
        }
      } finally {
        counter.lock.unlock();
      }
    }
  }

  private void keepUnflushed(WindowKey key, long pulls) {
    synchronized (unflushed) {
      unflushed.merge(key, pulls, Long::sum);
    }
  }

  /** Returns how many subjects have a counter in memory. */
  int size() {
    return counters.size();
  }
}
