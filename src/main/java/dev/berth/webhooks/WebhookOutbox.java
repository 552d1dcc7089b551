package dev.berth.webhooks;

import dev.berth.jobs.JobQueue;
import dev.berth.oci.Tag;
import dev.berth.registry.RegistryEvent;
import dev.berth.registry.RegistryListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns registry events into delivery jobs, one per subscribed webhook, written on the handle of
 * the change's own transaction: a push that commits has its jobs, and one that rolls back has none.
 * Pulls are not in a transaction; their jobs get one of their own, but only when {@link
 * PullSubscriptions} reports a webhook of that repository or namespace subscribed to pulls.
 * Thread-safe.
 */
final class WebhookOutbox implements RegistryListener {

  private final Jdbi jdbi;
  private final WebhookStore store;
  private final JobQueue queue;
  private final PayloadRenderer renderer;
  private final RepositoryFacts facts;
  private final PullSubscriptions pullSubscriptions;
  private final Runnable wakeWorker;

  WebhookOutbox(
      Jdbi jdbi,
      WebhookStore store,
      JobQueue queue,
      PayloadRenderer renderer,
      RepositoryFacts facts,
      PullSubscriptions pullSubscriptions,
      Runnable wakeWorker) {
    this.jdbi = jdbi;
    this.store = store;
    this.queue = queue;
    this.renderer = renderer;
    this.facts = facts;
    this.pullSubscriptions = pullSubscriptions;
    this.wakeWorker = wakeWorker;
  }

  @Override
  public void changed(Handle handle, RegistryEvent event) {
    switch (event) {
      case RegistryEvent.ManifestPushed pushed ->
          enqueue(
              handle,
              event,
              WebhookEvent.PUSH,
              pushed.tag().map(Tag::value),
              pushed.digest().toString(),
              Optional.of(pushed.mediaType()),
              Optional.of(pushed.size()));
      case RegistryEvent.ManifestDeleted deleted ->
          enqueue(
              handle,
              event,
              WebhookEvent.DELETE,
              deleted.tags().stream().findFirst().map(Tag::value),
              deleted.digest().toString(),
              Optional.empty(),
              Optional.empty());
      case RegistryEvent.TagDeleted deleted ->
          enqueue(
              handle,
              event,
              WebhookEvent.DELETE,
              Optional.of(deleted.tag().value()),
              deleted.digest().toString(),
              Optional.empty(),
              Optional.empty());
      case RegistryEvent.ManifestPulled pulled -> {
        // Pulls arrive through pulled(), outside any transaction.
      }
    }
  }

  @Override
  public void pulled(RegistryEvent.ManifestPulled event) {
    if (!pullSubscriptions.isSubscribed(event.repository())) {
      return;
    }
    jdbi.useTransaction(
        h ->
            enqueue(
                h,
                event,
                WebhookEvent.PULL,
                event.tag().map(Tag::value),
                event.digest().toString(),
                Optional.of(event.mediaType()),
                Optional.empty()));
  }

  private void enqueue(
      Handle handle,
      RegistryEvent event,
      WebhookEvent type,
      Optional<String> tag,
      String digest,
      Optional<String> mediaType,
      Optional<Long> size) {
    String repository = event.repository().value();
    String namespace = WebhookScope.namespaceOf(event.repository());
    List<Webhook> subscribers = store.subscribers(handle, repository, namespace, type);
    if (subscribers.isEmpty()) {
      return;
    }
    WebhookEventData data =
        new WebhookEventData(
            UUID.randomUUID().toString(),
            type,
            event.repository(),
            tag,
            digest,
            mediaType,
            size,
            event.actor().orElse(""),
            event.at(),
            facts.of(handle, event.repository()));
    for (Webhook webhook : subscribers) {
      String body = new String(renderer.render(webhook, data), StandardCharsets.UTF_8);
      DeliveryJob.Payload payload =
          new DeliveryJob.Payload(webhook.id(), data.eventId(), type.wireName(), event.at(), body);
      queue.enqueue(handle, DeliveryJob.KIND, payload.toJson(), event.at());
    }
    handle.afterCommit(wakeWorker);
  }
}
