package dev.berth.webhooks;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditActor;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, changes, lists and deletes webhooks, shows their delivery history and sends test
 * deliveries. Callers check permissions first; this class checks values. Thread-safe.
 */
public final class WebhookService {

  /** No scope needs more; the limit keeps one push from fanning out without bound. */
  public static final int MAX_WEBHOOKS_PER_SCOPE = 25;

  static final int MAX_NAME_LENGTH = 100;
  static final int MIN_SECRET_LENGTH = 16;
  static final int MAX_SECRET_LENGTH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

  private final Jdbi jdbi;
  private final WebhookStore store;
  private final UrlGuard guard;
  private final Deliverer deliverer;
  private final PayloadRenderer renderer;
  private final PullSubscriptions pullSubscriptions;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditLog audit;

  WebhookService(
      Jdbi jdbi,
      WebhookStore store,
      UrlGuard guard,
      Deliverer deliverer,
      PayloadRenderer renderer,
      PullSubscriptions pullSubscriptions,
      Clock clock,
      SecureRandom random) {
    this.jdbi = jdbi;
    this.store = store;
    this.guard = guard;
    this.deliverer = deliverer;
    this.renderer = renderer;
    this.pullSubscriptions = pullSubscriptions;
    this.clock = clock;
    this.random = random;
    this.audit = new AuditLog(jdbi, clock);
  }

  /**
   * A new webhook with its secret, which the API shows only in the creation response.
   *
   * @param webhook the stored webhook
   * @param secret its signing secret
   */
  public record Created(Webhook webhook, String secret) {}

  /**
   * Creates a webhook on {@code scope}.
   *
   * @throws WebhookException INVALID when a field breaks a rule, CONFLICT when the scope has
   *     {@value #MAX_WEBHOOKS_PER_SCOPE} webhooks already, BLOCKED when the URL reaches a blocked
   *     address
   */
  public Created create(WebhookScope scope, String actor, WebhookInput input)
      throws WebhookException {
    String name = checkName(input.name().orElseThrow(() -> missing("name")));
    URI url = checkUrl(input.url().orElseThrow(() -> missing("url")));
    PayloadFormat format = checkFormat(input.format().orElse(PayloadFormat.DOCKERHUB.wireName()));
    Set<WebhookEvent> events = checkEvents(input.events().orElse(List.of("push")));
    Optional<Severity> minSeverity = checkSeverity(events, input.minSeverity());
    String secret = input.secret().isPresent() ? checkSecret(input.secret().get()) : newSecret();
    long now = clock.millis();
    Webhook webhook =
        new Webhook(
            UUID.randomUUID().toString(),
            scope,
            name,
            url,
            format,
            events,
            minSeverity,
            secret,
            input.enabled().orElse(true),
            actor,
            now,
            now);
    try {
      jdbi.useTransaction(
          h -> {
            if (store.list(h, scope).size() >= MAX_WEBHOOKS_PER_SCOPE) {
              throw new TooMany(scope);
            }
            store.insert(h, webhook);
            audit.record(h, webhookEntry(AuditActions.WEBHOOK_CREATE, actor, webhook));
          });
    } catch (TooMany e) {
      throw WebhookException.conflict(e.getMessage());
    }
    pullSubscriptions.refresh();
    LOG.atInfo()
        .addKeyValue("webhook", webhook.id())
        .addKeyValue("scope", scope)
        .addKeyValue("user", actor)
        .log("webhook created");
    return new Created(webhook, secret);
  }

  /**
   * Changes the fields {@code input} sets and makes {@code actor} the webhook's creator, since the
   * webhook delivers on behalf of its creator and {@code actor} may manage it now. This is how
   * another administrator of the repository takes over a webhook whose creator lost access.
   *
   * @throws WebhookException NOT_FOUND, INVALID or BLOCKED as {@link #create} does
   */
  public Webhook update(String id, WebhookInput input, String actor) throws WebhookException {
    Webhook current = get(id);

    String name = input.name().isPresent() ? checkName(input.name().get()) : current.name();
    URI url = input.url().isPresent() ? checkUrl(input.url().get()) : current.url();
    PayloadFormat format =
        input.format().isPresent() ? checkFormat(input.format().get()) : current.format();
    Set<WebhookEvent> events =
        input.events().isPresent() ? checkEvents(input.events().get()) : current.events();
    Optional<Severity> minSeverity =
        input.minSeverity().isPresent()
            ? checkSeverity(events, input.minSeverity())
            : current.minSeverity().or(() -> Optional.of(Severity.HIGH));
    if (!events.contains(WebhookEvent.VULNERABILITIES_FOUND) && input.minSeverity().isEmpty()) {
      minSeverity = Optional.empty();
    }
    String secret =
        input.secret().isPresent() ? checkSecret(input.secret().get()) : current.secret();

    Webhook changed =
        new Webhook(
            current.id(),
            current.scope(),
            name,
            url,
            format,
            events,
            minSeverity,
            secret,
            input.enabled().orElse(current.enabled()),
            actor,
            current.createdAt(),
            clock.millis());
    jdbi.useHandle(h -> store.update(h, changed));

    pullSubscriptions.refresh();
    LOG.atInfo().addKeyValue("webhook", id).addKeyValue("user", actor).log("webhook changed");
    return changed;
  }

  /**
   * Returns webhook {@code id}.
   *
   * @throws WebhookException NOT_FOUND when there is none
   */
  public Webhook get(String id) throws WebhookException {
    Optional<Webhook> found = jdbi.withHandle(h -> store.find(h, id));
    return found.orElseThrow(() -> WebhookException.notFound("webhook " + id + " not found"));
  }

  /** Returns the webhooks of exactly {@code scope}, oldest first. */
  public List<Webhook> list(WebhookScope scope) {
    return jdbi.withHandle(h -> store.list(h, scope));
  }

  /**
   * Deletes webhook {@code id} with its delivery history; its pending deliveries are dropped.
   *
   * @throws WebhookException NOT_FOUND when there is none
   */
  public void delete(String id, String actor) throws WebhookException {
    boolean deleted =
        jdbi.inTransaction(
            h -> {
              Optional<Webhook> found = store.find(h, id);
              if (found.isEmpty() || !store.delete(h, id)) {
                return false;
              }
              audit.record(h, webhookEntry(AuditActions.WEBHOOK_DELETE, actor, found.get()));
              return true;
            });
    if (!deleted) {
      throw WebhookException.notFound("webhook " + id + " not found");
    }
    pullSubscriptions.refresh();
    LOG.atInfo().addKeyValue("webhook", id).addKeyValue("user", actor).log("webhook deleted");
  }

  /** Returns how many attempts webhook {@code id} has in its history. */
  public long countAttempts(String id) {
    return jdbi.withHandle(h -> store.countAttempts(h, id));
  }

  /** Returns up to {@code limit} attempts of webhook {@code id}, newest first. */
  public List<DeliveryAttempt> attempts(String id, long offset, int limit) {
    return attempts(id, true, offset, limit);
  }

  /** Returns up to {@code limit} attempts of webhook {@code id}, newest or oldest first. */
  public List<DeliveryAttempt> attempts(String id, boolean newestFirst, long offset, int limit) {
    return jdbi.withHandle(h -> store.attempts(h, id, newestFirst, offset, limit));
  }

  /**
   * Sends a {@code ping} to webhook {@code id} now, whether it is enabled or not, records it in the
   * history and returns the attempt. A test delivery is not retried.
   *
   * @throws WebhookException NOT_FOUND when there is no such webhook
   */
  public DeliveryAttempt test(String id, String actor) throws WebhookException {
    Webhook webhook = get(id);
    String eventId = UUID.randomUUID().toString();
    byte[] body = renderer.renderPing(webhook, eventId, actor, clock.millis());
    return deliverer.attempt(
        webhook, UUID.randomUUID().toString(), eventId, PayloadRenderer.PING_TYPE, 1, body);
  }

  private static String checkName(String name) throws WebhookException {
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw WebhookException.invalid(
          "field 'name' must have 1 to " + MAX_NAME_LENGTH + " characters, not " + name.length());
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw WebhookException.invalid("field 'name' contains a control character; remove it");
    }
    return name;
  }

  private URI checkUrl(String text) throws WebhookException {
    URI url = UrlGuard.parse(text);
    guard.check(url);
    return url;
  }

  private static PayloadFormat checkFormat(String text) throws WebhookException {
    return PayloadFormat.fromWireName(text)
        .orElseThrow(
            () ->
                WebhookException.invalid(
                    "field 'format' is '" + text + "'; use one of " + PayloadFormat.allNames()));
  }

  private static Set<WebhookEvent> checkEvents(List<String> names) throws WebhookException {
    if (names.isEmpty()) {
      throw WebhookException.invalid(
          "field 'events' is empty; list at least one of " + WebhookEvent.allNames());
    }
    Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
    for (String name : names) {
      WebhookEvent event =
          WebhookEvent.fromWireName(name)
              .orElseThrow(
                  () ->
                      WebhookException.invalid(
                          "field 'events' contains unknown event type '"
                              + name
                              + "'; use "
                              + WebhookEvent.allNames()));
      events.add(event);
    }
    return events;
  }

  private static Optional<Severity> checkSeverity(Set<WebhookEvent> events, Optional<String> text)
      throws WebhookException {
    boolean scans = events.contains(WebhookEvent.VULNERABILITIES_FOUND);
    if (text.isEmpty()) {
      return scans ? Optional.of(Severity.HIGH) : Optional.empty();
    }
    Severity severity =
        Severity.fromWireName(text.get())
            .orElseThrow(
                () ->
                    WebhookException.invalid(
                        "field 'min_severity' is '"
                            + text.get()
                            + "'; use low, medium, high or critical"));
    if (!scans) {
      throw WebhookException.invalid(
          "field 'min_severity' applies only to the vulnerabilities_found event; add that event"
              + " to 'events' or remove 'min_severity'");
    }
    return Optional.of(severity);
  }

  private static String checkSecret(String secret) throws WebhookException {
    if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
      throw WebhookException.invalid(
          "field 'secret' must have "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " characters, not "
              + secret.length()
              + "; omit it to have one generated");
    }
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(secret)
        || secret.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw WebhookException.invalid(
          "field 'secret' must be printable ASCII without spaces; omit it to have one generated");
    }
    return secret;
  }

  /** Returns {@code whsec_} and 32 random bytes in unpadded base64url: 256 bits. */
  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static WebhookException missing(String field) {
    return WebhookException.invalid("field '" + field + "' is missing from the request body");
  }

  /** Carries the per-scope limit out of the transaction lambda. */
  private static final class TooMany extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooMany(WebhookScope scope) {
      super(
          scope
              + " has "
              + MAX_WEBHOOKS_PER_SCOPE
              + " webhooks already; delete one before adding another");
    }
  }

  /** Returns the audit entry of a webhook change; the URL and secret stay out of the log. */
  private static AuditEntry webhookEntry(String action, String actor, Webhook webhook) {
    WebhookScope scope = webhook.scope();
    // A repository scope's name is a repository name, whose first component is the namespace.
    String namespace = scope.name().split("/", 2)[0];
    return AuditEntry.of(action, AuditActor.user(actor), "webhook", webhook.id())
        .inNamespace(namespace)
        .with("name", webhook.name())
        .with("scope", scope.toString());
  }
}
