package dev.berth.hub.ratelimit;

import dev.berth.hub.ratelimit.PullCountStore.Delta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pull counts of the current window, kept in memory and written to {@link PullCountStore} by
 * {@link #flush}. A subject's count is read from the store once per window, at its first pull, so
 * counts written before a restart or by another node are honoured. Thread-safe, and a pull in a
 * window already loaded takes no lock: it is one compare-and-set.
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

  /** One subject's pulls in one window. */
  private static final class Window {
    final String subject;
    final long start;
    /** The pulls counted in the window: the stored total plus this node's pulls since. */
    final AtomicLong used;
    /** This node's pulls not yet given to a flush. */
    final AtomicLong unflushed = new AtomicLong();
    /** Whether a flush has already drained this window after it was retired. */
    boolean drainedAfterRetiring;

    Window(String subject, long start, long stored) {
      this.subject = subject;
      this.start = start;
      this.used = new AtomicLong(stored);
    }
  }

  private final PullCountStore store;

  /** The latest window of each subject that pulled recently. */
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * Windows replaced by a newer one or dropped for being old. A request that read one just before
   * may still count a pull in it, so each is flushed twice before it is forgotten.
   */
  private final Queue<Window> retired = new ConcurrentLinkedQueue<>();

  /** Pulls a failed flush could not write, guarded by the map's own monitor. */
  private final Map<WindowKey, Long> failed = new LinkedHashMap<>();

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
    Window window = windows.get(subject);
    if (window == null || window.start != windowStart) {
      window = load(subject, windowStart);
    }
    while (true) {
      long used = window.used.get();
      if (used >= limit) {
        return new Outcome(false, used);
      }
      if (!consume) {
        return new Outcome(true, used);
      }
      if (window.used.compareAndSet(used, used + 1)) {
        window.unflushed.incrementAndGet();
        return new Outcome(true, used + 1);
      }
    }
  }

  /**
   * Returns {@code subject}'s window starting at {@code windowStart}, reading its stored count
   * when this node has none. Concurrent first pulls of one subject wait for one read instead of
   * each starting from zero.
   */
  private Window load(String subject, long windowStart) {
    return windows.compute(
        subject,
        (key, current) -> {
          if (current != null && current.start == windowStart) {
            return current;
          }
          if (current != null) {
            retired.add(current);
          }
          return new Window(key, windowStart, store.count(key, windowStart));
        });
  }

  /**
   * Adds the pulls counted since the last flush to the store and raises each written count to
   * the stored total, which includes other nodes' pulls. Windows that started before {@code
   * currentWindowStart} are retired, and forgotten once written.
   *
   * <p>NOTE: counts live only in memory between two flushes, so a crash loses at most the pulls
   * of one flush interval, and those callers may pull that many times more in the window. Other
   * nodes' pulls of a subject are seen only at its first pull here and after each flush, so
   * several nodes together may admit up to one flush interval of pulls past the limit.
   *
   * @throws RuntimeException when the store fails; the pulls are kept for the next flush
   */
  void flush(long currentWindowStart) {
    flushLock.lock();
    try {
      retireEnded(currentWindowStart);
      Map<WindowKey, Long> deltas = takeDeltas();
      if (!deltas.isEmpty()) {
        write(deltas);
      }
    } finally {
      flushLock.unlock();
    }
  }

  private void retireEnded(long currentWindowStart) {
    for (Window window : windows.values()) {
      if (window.start < currentWindowStart && windows.remove(window.subject, window)) {
        retired.add(window);
      }
    }
  }

  private Map<WindowKey, Long> takeDeltas() {
    Map<WindowKey, Long> deltas;
    synchronized (failed) {
      deltas = new LinkedHashMap<>(failed);
      failed.clear();
    }
    int retiredCount = retired.size();
    for (int i = 0; i < retiredCount; i++) {
      Window window = retired.poll();
      if (window == null) {
        break;
      }
      take(window, deltas);
      if (!window.drainedAfterRetiring) {
        window.drainedAfterRetiring = true;
        retired.add(window);
      }
    }
    for (Window window : windows.values()) {
      take(window, deltas);
    }
    return deltas;
  }

  private static void take(Window window, Map<WindowKey, Long> deltas) {
    long pulls = window.unflushed.getAndSet(0);
    if (pulls > 0) {
      deltas.merge(new WindowKey(window.subject, window.start), pulls, Long::sum);
    }
  }

  private void write(Map<WindowKey, Long> deltas) {
    List<Delta> rows = new ArrayList<>(deltas.size());
    deltas.forEach((key, pulls) -> rows.add(new Delta(key.subject(), key.windowStart(), pulls)));
    long[] totals;
    try {
      totals = store.add(rows);
    } catch (RuntimeException e) {
      // The in-memory counts already include these pulls; only the write is retried.
      synchronized (failed) {
        deltas.forEach((key, pulls) -> failed.merge(key, pulls, Long::sum));
      }
      throw e;
    }
    for (int i = 0; i < rows.size(); i++) {
      Window window = windows.get(rows.get(i).subject());
      if (window != null && window.start == rows.get(i).windowStart()) {
        long total = totals[i];
        window.used.accumulateAndGet(total + window.unflushed.get(), Math::max);
      }
    }
  }

  /** Returns how many subjects have a window in memory. */
  int size() {
    return windows.size();
  }
}
