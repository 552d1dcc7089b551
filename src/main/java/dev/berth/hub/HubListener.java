package dev.berth.hub;

import dev.berth.oci.MediaTypes;
import dev.berth.registry.RegistryEvent;
import dev.berth.registry.RegistryListener;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the hub's records in step with the registry. Pushes and deletes are recorded inside the
 * registry's transaction, so the hub never shows a push that did not commit. Pulls are only counted
 * in memory here; {@link Hub} writes them in batches.
 *
 * <p>A pull counts as Docker Hub counts one: a GET of an image manifest. A GET of an index only
 * selects the image to pull, so it moves the tag's last pull but adds nothing to the count; a
 * multi-platform pull then counts once for the image it fetches. HEAD requests never reach here.
 */
final class HubListener implements RegistryListener {

  private final HubStore store;
  private final ImageSummaries summaries;
  private final PullCounter pulls;

  HubListener(HubStore store, ImageSummaries summaries, PullCounter pulls) {
    this.store = store;
    this.summaries = summaries;
    this.pulls = pulls;
  }

  @Override
  public void changed(Handle handle, RegistryEvent event) {
    switch (event) {
      case RegistryEvent.ManifestPushed pushed -> {
        // A first push creates the hub row; its pusher is recorded as the creator.
        store.insertRepository(handle, pushed.repository(), "", "", pushed.actor(), pushed.at());
        store.recordPush(handle, pushed.repository(), pushed.at());
        summaries.record(handle, pushed.repository(), pushed.digest(), pushed.mediaType());
        if (pushed.tag().isPresent()) {
          store.recordTagPush(
              handle, pushed.repository(), pushed.tag().get(), pushed.actor(), pushed.at());
        }
      }
      case RegistryEvent.ManifestDeleted deleted ->
          store.touch(handle, deleted.repository(), deleted.at());
      case RegistryEvent.TagDeleted deleted ->
          store.touch(handle, deleted.repository(), deleted.at());
      case RegistryEvent.ManifestPulled pulled -> {
        // Pulls arrive through pulled(), never inside a transaction.
      }
    }
  }

  @Override
  public void pulled(RegistryEvent.ManifestPulled event) {
    boolean counted = !MediaTypes.INDEXES.contains(event.mediaType());
    pulls.record(event.repository(), event.tag(), counted, event.at());
  }
}
