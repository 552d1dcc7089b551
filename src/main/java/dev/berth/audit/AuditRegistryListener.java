package dev.berth.audit;

import dev.berth.oci.Tag;
import dev.berth.registry.RegistryEvent;
import dev.berth.registry.RegistryListener;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Records manifest pushes and manifest and tag deletes inside the registry's transaction, so the
 * event commits exactly when the change does. Pulls are not recorded.
 */
public final class AuditRegistryListener implements RegistryListener {

  private final AuditLog audit;

  public AuditRegistryListener(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void changed(Handle handle, RegistryEvent event) {
    String namespace = namespaceOf(event.repository().value());
    entryOf(event).ifPresent(entry -> audit.record(handle, entry.inNamespace(namespace)));
  }

  private static Optional<AuditEntry> entryOf(RegistryEvent event) {
    AuditActor actor = event.actor().map(AuditActor::user).orElse(AuditActor.anonymous());
    String repository = event.repository().value();
    return switch (event) {
      case RegistryEvent.ManifestPushed pushed -> {
        AuditEntry entry =
            AuditEntry.of(
                    AuditActions.MANIFEST_PUSH, actor, "manifest", repository + "@" + pushed.digest())
                .with("media_type", pushed.mediaType())
                .with("size", Long.toString(pushed.size()));
        yield Optional.of(pushed.tag().map(tag -> entry.with("tag", tag.value())).orElse(entry));
      }
      case RegistryEvent.ManifestDeleted deleted ->
          Optional.of(
              AuditEntry.of(
                      AuditActions.MANIFEST_DELETE,
                      actor,
                      "manifest",
                      repository + "@" + deleted.digest())
                  .with("tags", String.join(",", deleted.tags().stream().map(Tag::value).toList())));
      case RegistryEvent.TagDeleted deleted ->
          Optional.of(
              AuditEntry.of(
                      AuditActions.TAG_DELETE, actor, "tag", repository + ":" + deleted.tag().value())
                  .with("digest", deleted.digest().toString()));
      case RegistryEvent.ManifestPulled pulled -> Optional.empty();
    };
  }

  /** Returns the first component of a repository name, as the authorizer uses it. */
  private static String namespaceOf(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }
}
