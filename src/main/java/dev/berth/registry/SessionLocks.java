package dev.berth.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per upload session id, created on demand and dropped when no thread holds or waits for
 * it, so requests on different sessions never wait for each other. Thread-safe.
 *
 * <p>NOTE: the locks serialise requests within one process only. Nodes of a scale-out deployment
 * sharing one database would need a lease on the upload row instead.
 */
final class SessionLocks {

  /** A lock and the number of threads holding or waiting for it. */
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Blocks until this thread holds the lock of {@code id}. */
  void lock(String id) {
    acquireEntry(id).lock.lock();
  }

  /** Takes the lock of {@code id} only if no thread holds it; returns whether it did. */
  boolean tryLock(String id) {
    Entry entry = acquireEntry(id);
    if (entry.lock.tryLock()) {
      return true;
    }
    releaseEntry(id);
    return false;
  }

  /** Releases the lock of {@code id}, which this thread holds. */
  void unlock(String id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      throw new IllegalStateException("upload " + id + " is not locked");
    }
    entry.lock.unlock();
    releaseEntry(id);
  }

  private Entry acquireEntry(String id) {
    return entries.compute(
        id,
        (key, existing) -> {
          Entry entry = existing == null ? new Entry() : existing;
          entry.users++;
          return entry;
        });
  }

  private void releaseEntry(String id) {
    entries.computeIfPresent(id, (key, entry) -> --entry.users == 0 ? null : entry);
  }
}
