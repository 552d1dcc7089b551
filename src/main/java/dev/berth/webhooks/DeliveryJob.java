package dev.berth.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.jobs.Job;
import dev.berth.jobs.JobHandler;
import dev.berth.jobs.JobOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@value #KIND} jobs: one event for one webhook. The job's payload contains the rendered
 * body, so every attempt sends the same bytes. A webhook that was deleted or disabled meanwhile
 * ends the job without a delivery. A webhook whose creator may no longer manage its scope ({@link
 * CreatorCheck}) is disabled, and the job ends with a skipped attempt in the history. Thread-safe.
 */
final class DeliveryJob implements JobHandler {

  /** The job kind in the {@code jobs} table. */
  static final String KIND = "webhook.delivery";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryJob.class);

  /**
   * A job's payload.
   *
   * @param webhookId the webhook to deliver to
   * @param eventId the event's id, shared by every webhook the event goes to
   * @param eventType the event type's wire name
   * @param eventAt when the event happened, which starts the retry window
   * @param body the rendered body, UTF-8 JSON
   */
  record Payload(String webhookId, String eventId, String eventType, long eventAt, String body) {

    String toJson() {
      try {
        return JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a record of strings always serialises", e);
      }
    }

    static Payload parse(String json) {
      try {
        return JSON.readValue(json, Payload.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("webhook job payload is not valid: " + e.getMessage(), e);
      }
    }
  }

  private final Jdbi jdbi;
  private final WebhookStore store;
  private final Deliverer deliverer;
  private final RetryPolicy retries;
  private final Clock clock;
  private final PullSubscriptions pullSubscriptions;
  private volatile CreatorCheck creators = CreatorCheck.ANYONE;

  DeliveryJob(
      Jdbi jdbi,
      WebhookStore store,
      Deliverer deliverer,
      RetryPolicy retries,
      Clock clock,
      PullSubscriptions pullSubscriptions) {
    this.jdbi = jdbi;
    this.store = store;
    this.deliverer = deliverer;
    this.retries = retries;
    this.clock = clock;
    this.pullSubscriptions = pullSubscriptions;
  }

  /** Sets how each delivery checks that the webhook's creator may still receive its events. */
  void checkCreatorsWith(CreatorCheck check) {
    this.creators = check;
  }

  @Override
  public JobOutcome run(Job job) {
    Payload payload = Payload.parse(job.payload());
    Optional<Webhook> webhook = jdbi.withHandle(h -> store.find(h, payload.webhookId()));
    if (webhook.isEmpty() || !webhook.get().enabled()) {
      return new JobOutcome.Done();
    }
    Optional<String> denial = creators.denial(webhook.get());
    if (denial.isPresent()) {
      return new JobOutcome.Done(skip(webhook.get(), job, payload, denial.get()));
    }
    DeliveryAttempt attempt =
        deliverer.send(
            webhook.get(),
            job.id(),
            payload.eventId(),
            payload.eventType(),
            job.attempt(),
            payload.body().getBytes(StandardCharsets.UTF_8));
    // The attempt row is written in the transaction that finishes the job, so a crash leaves
    // both or neither: a delivery is never sent again while its history shows it delivered.
    JobOutcome.Effect record = h -> store.insertAttempt(h, attempt);
    if (attempt.outcome() == DeliveryAttempt.Outcome.DELIVERED) {
      return new JobOutcome.Done(record);
    }
    String error = attempt.error().orElse("failed");
    OptionalLong next = retries.nextAttemptAt(job.attempt(), payload.eventAt(), clock.millis());
    if (next.isEmpty()) {
      return new JobOutcome.GiveUp(
          "gave up after " + job.attempt() + " attempts over " + retries.window() + ": " + error,
          record);
    }
    return new JobOutcome.RetryAt(next.getAsLong(), error, record);
  }

  /**
   * Returns the rows of a skipped delivery: the attempt with {@code reason}, and the webhook
   * disabled. The pull subscriptions are reloaded once they commit.
   */
  private JobOutcome.Effect skip(Webhook webhook, Job job, Payload payload, String reason) {
    long now = clock.millis();
    DeliveryAttempt skipped =
        new DeliveryAttempt(
            UUID.randomUUID().toString(),
            webhook.id(),
            job.id(),
            payload.eventId(),
            payload.eventType(),
            job.attempt(),
            DeliveryAttempt.Outcome.SKIPPED,
            Optional.empty(),
            0,
            Optional.of(reason),
            now);
    LOG.atWarn()
        .addKeyValue("webhook", webhook.id())
        .addKeyValue("delivery", job.id())
        .addKeyValue("user", webhook.createdBy())
        .addKeyValue("reason", reason)
        .log("webhook delivery skipped and webhook disabled");
    return h -> {
      store.insertAttempt(h, skipped);
      store.disable(h, webhook.id(), now);
      h.afterCommit(pullSubscriptions::refresh);
    };
  }
}
