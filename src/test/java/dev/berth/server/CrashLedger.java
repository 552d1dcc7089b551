package dev.berth.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a crash test sent to the registry: the writes it acknowledged with 201, and those still in
 * flight when the server was killed, whose outcome the next start decides. After a restart, the
 * test checks both against the registry and then {@linkplain #settle settles} the in-flight ones
 * to what the registry kept. Thread-safe: push loops record from their own threads.
 */
final class CrashLedger {

  private final Map<String, byte[]> blobs = new HashMap<>();
  private final Map<String, byte[]> pendingBlobs = new HashMap<>();
  private final Map<String, byte[]> manifests = new HashMap<>();
  private final Map<String, byte[]> pendingManifests = new HashMap<>();
  private final Map<String, String> tags = new HashMap<>();
  private final Map<String, Set<String>> pendingTags = new HashMap<>();

  synchronized void blobSent(String digest, byte[] content) {
    if (!blobs.containsKey(digest)) {
      pendingBlobs.put(digest, content);
    }
  }

  synchronized void blobAcknowledged(String digest, byte[] content) {
    pendingBlobs.remove(digest);
    blobs.put(digest, content);
  }

  /** Records a manifest PUT about to be sent, by {@code tag} when present, else by digest. */
  synchronized void manifestSent(String digest, byte[] content, Optional<String> tag) {
    if (!manifests.containsKey(digest)) {
      pendingManifests.put(digest, content);
    }
    tag.ifPresent(t -> pendingTags.computeIfAbsent(t, k -> new HashSet<>()).add(digest));
  }

  synchronized void manifestAcknowledged(String digest, byte[] content, Optional<String> tag) {
    pendingManifests.remove(digest);
    manifests.put(digest, content);
    tag.ifPresent(
        t -> {
          Set<String> pending = pendingTags.get(t);
          if (pending != null) {
            pending.remove(digest);
          }
          tags.put(t, digest);
        });
  }

  synchronized Map<String, byte[]> blobs() {
    return Map.copyOf(blobs);
  }

  synchronized Map<String, byte[]> pendingBlobs() {
    return Map.copyOf(pendingBlobs);
  }

  synchronized Map<String, byte[]> manifests() {
    return Map.copyOf(manifests);
  }

  synchronized Map<String, byte[]> pendingManifests() {
    return Map.copyOf(pendingManifests);
  }

  synchronized Map<String, String> tags() {
    return Map.copyOf(tags);
  }

  /** Returns the digests that in-flight PUTs may have moved {@code tag} to. */
  synchronized Set<String> pendingDigestsOf(String tag) {
    return Set.copyOf(pendingTags.getOrDefault(tag, Set.of()));
  }

  /** Returns every tag that an acknowledged or in-flight PUT named. */
  synchronized Set<String> allTags() {
    Set<String> all = new HashSet<>(tags.keySet());
    pendingTags.forEach((tag, digests) -> {
      if (!digests.isEmpty()) {
        all.add(tag);
      }
    });
    return all;
  }

  /**
   * Takes the registry's state after a restart as the truth for every in-flight write: a blob or
   * manifest it kept becomes acknowledged, one it dropped is forgotten, and each tag points at the
   * manifest the registry returns for it.
   */
  synchronized void settle(
      Set<String> keptBlobs, Set<String> keptManifests, Map<String, String> observedTags) {
    pendingBlobs.forEach(
        (digest, content) -> {
          if (keptBlobs.contains(digest)) {
            blobs.put(digest, content);
          }
        });
    pendingBlobs.clear();
    pendingManifests.forEach(
        (digest, content) -> {
          if (keptManifests.contains(digest)) {
            manifests.put(digest, content);
          }
        });
    pendingManifests.clear();
    pendingTags.clear();
    tags.putAll(observedTags);
  }
}
