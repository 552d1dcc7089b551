package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.Optional;

/**
 * Something that happened to a repository's content, told to the {@link RegistryListener}. The
 * actor is the signed-in name that made the request, empty for anonymous callers and when
 * authentication is off. Times are milliseconds since the Unix epoch.
 */
public sealed interface RegistryEvent {

  RepositoryName repository();

  Optional<String> actor();

  long at();

  /** A manifest was stored, and {@code tag} moved to it when the push was by tag. */
  record ManifestPushed(
      RepositoryName repository,
      Digest digest,
      String mediaType,
      long size,
      Optional<Tag> tag,
      Optional<String> actor,
      long at)
      implements RegistryEvent {}

  /** A manifest was deleted by digest, together with {@code tags} that pointed at it. */
  record ManifestDeleted(
      RepositoryName repository,
      Digest digest,
      java.util.List<Tag> tags,
      Optional<String> actor,
      long at)
      implements RegistryEvent {}

  /** A tag was deleted; its manifest stays. */
  record TagDeleted(
      RepositoryName repository, Tag tag, Digest digest, Optional<String> actor, long at)
      implements RegistryEvent {}

  /**
   * A manifest was served to a GET (never to a HEAD). {@code tag} is the tag the client asked for,
   * empty for a pull by digest.
   */
  record ManifestPulled(
      RepositoryName repository,
      Digest digest,
      String mediaType,
      Optional<Tag> tag,
      Optional<String> actor,
      long at)
      implements RegistryEvent {}
}
