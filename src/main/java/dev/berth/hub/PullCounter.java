package dev.berth.hub;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Pull counts gathered in memory between flushes, so a pull costs no database write. Recording
 * takes a shared lock and updates concurrent maps; {@link #drain} takes the exclusive lock for the
 * moment it swaps the maps, so no count is lost between the two. The maps hold at most one entry
 * per repository and tag pulled since the last flush, and only existing ones are pulled, so they
 * stay bounded by the registry's size. Thread-safe.
 *
 * <p>NOTE: pulls counted since the last flush are lost when the process is killed without a
 * graceful stop; a clean stop writes them.
 */
final class PullCounter {

  /** The pulls of one repository since the last flush. */
  static final class Pulls {
    final LongAdder count = new LongAdder();
    final AtomicLong lastAt = new AtomicLong();

    void seen(long at) {
      lastAt.accumulateAndGet(at, Math::max);
    }
  }

  /** A tag of a repository. */
  record TagKey(RepositoryName repository, Tag tag) {}

  /** What was drained: per repository its count and last pull, per tag its last pull. */
  record Batch(Map<RepositoryName, Pulls> repositories, Map<TagKey, AtomicLong> tags) {
    boolean isEmpty() {
      return repositories.isEmpty() && tags.isEmpty();
    }
  }

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private ConcurrentHashMap<RepositoryName, Pulls> repositories = new ConcurrentHashMap<>();
  private ConcurrentHashMap<TagKey, AtomicLong> tags = new ConcurrentHashMap<>();

  /**
   * Records a pull of {@code repository} at {@code at}: counted when {@code counted}, and the tag's
   * last pull moved when a tag was named.
   */
  void record(RepositoryName repository, java.util.Optional<Tag> tag, boolean counted, long at) {
    lock.readLock().lock();
    try {
      Pulls pulls = repositories.computeIfAbsent(repository, r -> new Pulls());
      if (counted) {
        pulls.count.increment();
      }
      pulls.seen(at);
      tag.ifPresent(
          t ->
              tags.computeIfAbsent(new TagKey(repository, t), k -> new AtomicLong())
                  .accumulateAndGet(at, Math::max));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Takes every pull recorded so far, leaving the counter empty. */
  Batch drain() {
    lock.writeLock().lock();
    try {
      Batch batch = new Batch(repositories, tags);
      repositories = new ConcurrentHashMap<>();
      tags = new ConcurrentHashMap<>();
      return batch;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Puts back a batch whose flush failed, so the next flush writes it. */
  void restore(Batch batch) {
    batch
        .repositories()
        .forEach(
            (repository, pulls) -> {
              lock.readLock().lock();
              try {
                Pulls target = repositories.computeIfAbsent(repository, r -> new Pulls());
                target.count.add(pulls.count.sum());
                target.seen(pulls.lastAt.get());
              } finally {
                lock.readLock().unlock();
              }
            });
    batch
        .tags()
        .forEach(
            (key, at) -> {
              lock.readLock().lock();
              try {
                tags.computeIfAbsent(key, k -> new AtomicLong())
                    .accumulateAndGet(at.get(), Math::max);
              } finally {
                lock.readLock().unlock();
              }
            });
  }
}
