package dev.berth.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Builds delivery bodies in each {@link PayloadFormat}. Links start with the base URL clients use,
 * the configured {@code external_url} or else the address Berth listens on. Thread-safe.
 */
final class PayloadRenderer {

  /** The CloudEvents {@code type} prefix; the event type follows, as in {@code ...push}. */
  static final String CLOUDEVENTS_TYPE_PREFIX = "dev.berth.repository.";

  static final String PING_TYPE = "ping";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<String> baseUrl;

  PayloadRenderer(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Returns the body of {@code event} for {@code webhook}'s format, as UTF-8 JSON. */
  byte[] render(Webhook webhook, WebhookEventData event) {
    ObjectNode body =
        switch (webhook.format()) {
          case DOCKERHUB -> dockerHub(event);
          case CLOUDEVENTS -> cloudEvent(event);
          case SLACK -> slack(event);
        };
    return bytes(body);
  }

  /**
   * Returns the body of a test delivery: a {@code ping} that names the webhook, shaped by its
   * format so a receiver can check its parsing (a Slack channel shows the text).
   */
  byte[] renderPing(Webhook webhook, String eventId, String actor, long at) {
    ObjectNode ping = JSON.createObjectNode();
    ping.put("webhook_id", webhook.id());
    ping.put("webhook_name", webhook.name());
    ping.put(webhook.scope().kind().wireName(), webhook.scope().name());
    ping.put("sent_by", actor);
    ObjectNode body =
        switch (webhook.format()) {
          case DOCKERHUB -> {
            ObjectNode node = JSON.createObjectNode();
            node.put("callback_url", scopeUrl(webhook.scope()));
            node.set("ping", ping);
            yield node;
          }
          case CLOUDEVENTS -> {
            ObjectNode node = cloudEventEnvelope(eventId, PING_TYPE, at);
            node.put("source", scopeUrl(webhook.scope()));
            node.set("data", ping);
            yield node;
          }
          case SLACK -> {
            ObjectNode node = JSON.createObjectNode();
            node.put(
                "text",
                "Test delivery of Berth webhook \""
                    + escapeSlack(webhook.name())
                    + "\" for <"
                    + scopeUrl(webhook.scope())
                    + "|"
                    + escapeSlack(webhook.scope().name())
                    + ">");
            yield node;
          }
        };
    return bytes(body);
  }

  /**
   * Docker Hub's push webhook body. Docker Hub sends pushes only; other event types keep the same
   * shape, name themselves in {@code event}, and carry their tag and time in {@code push_data}.
   * Berth accepts no callbacks, so {@code callback_url} is the repository's URL.
   */
  private ObjectNode dockerHub(WebhookEventData event) {
    String repoUrl = repositoryUrl(event);
    String name = event.repository().value();
    String namespace = WebhookScope.namespaceOf(event.repository());
    String shortName = name.equals(namespace) ? name : name.substring(namespace.length() + 1);

    ObjectNode body = JSON.createObjectNode();
    body.put("callback_url", repoUrl);
    body.put("event", event.type().wireName());
    ObjectNode push = body.putObject("push_data");
    push.put("pushed_at", event.at() / 1000);
    push.put("pusher", event.actor());
    push.put("tag", event.tag().orElse(""));
    push.put("digest", event.digest());
    ObjectNode repository = body.putObject("repository");
    repository.put("comment_count", 0);
    event
        .facts()
        .createdAt()
        .ifPresentOrElse(
            created -> repository.put("date_created", created / 1000),
            () -> repository.putNull("date_created"));
    repository.put("description", event.facts().description());
    repository.put("dockerfile", "");
    repository.put("full_description", event.facts().fullDescription());
    repository.put("is_official", false);
    repository.put("is_private", event.facts().isPrivate());
    repository.put("is_trusted", false);
    repository.put("name", shortName);
    repository.put("namespace", namespace);
    repository.put("owner", namespace);
    repository.put("repo_name", name);
    repository.put("repo_url", repoUrl);
    repository.put("star_count", event.facts().starCount());
    repository.put("status", "Active");
    return body;
  }

  /** Builds a CloudEvents 1.0 event in structured mode, with the details in {@code data}. */
  private ObjectNode cloudEvent(WebhookEventData event) {
    ObjectNode body = cloudEventEnvelope(event.eventId(), event.type().wireName(), event.at());
    body.put("source", repositoryUrl(event));
    body.put(
        "subject", event.repository() + event.tag().map(t -> ":" + t).orElse("@" + event.digest()));
    ObjectNode data = body.putObject("data");
    ObjectNode repository = data.putObject("repository");
    repository.put("name", event.repository().value());
    repository.put("namespace", WebhookScope.namespaceOf(event.repository()));
    repository.put("description", event.facts().description());
    repository.put("is_private", event.facts().isPrivate());
    repository.put("star_count", event.facts().starCount());
    repository.put("url", repositoryUrl(event));
    if (event.tag().isPresent()) {
      data.put("tag", event.tag().get());
    } else {
      data.putNull("tag");
    }
    data.put("digest", event.digest());
    event.mediaType().ifPresent(type -> data.put("media_type", type));
    event.size().ifPresent(size -> data.put("size", size));
    data.put("actor", event.actor());
    return body;
  }

  private static ObjectNode cloudEventEnvelope(String id, String type, long at) {
    ObjectNode body = JSON.createObjectNode();
    body.put("specversion", "1.0");
    body.put("id", id);
    body.put("type", CLOUDEVENTS_TYPE_PREFIX + type);
    body.put("time", Instant.ofEpochMilli(at).toString());
    body.put("datacontenttype", "application/json");
    return body;
  }

  /** Builds a Slack message: one line of text with a link to the repository. */
  private ObjectNode slack(WebhookEventData event) {
    String who = event.actor().isEmpty() ? "An anonymous client" : escapeSlack(event.actor());
    String verb =
        switch (event.type()) {
          case PUSH -> "pushed";
          case PULL -> "pulled";
          case DELETE -> "deleted";
          default -> event.type().wireName();
        };
    String what = event.tag().map(t -> "tag `" + escapeSlack(t) + "`").orElse("a manifest");
    String text =
        who
            + " "
            + verb
            + " "
            + what
            + " (`"
            + shortDigest(event.digest())
            + "`) in <"
            + repositoryUrl(event)
            + "|"
            + escapeSlack(event.repository().value())
            + ">";
    ObjectNode body = JSON.createObjectNode();
    body.put("text", text);
    return body;
  }

  // NOTE: the web UI shows a repository at /r/NAME only for names of two components, so links to
  // deeper names such as acme/team/app lead to its not-found page.
  private String repositoryUrl(WebhookEventData event) {
    return baseUrl.get() + "/r/" + event.repository().value();
  }

  /** Returns the page of the webhook's repository, or the search for its namespace's names. */
  private String scopeUrl(WebhookScope scope) {
    if (scope.kind() == WebhookScope.Kind.REPOSITORY) {
      return baseUrl.get() + "/r/" + scope.name();
    }
    return baseUrl.get() + "/explore?q=" + URLEncoder.encode(scope.name(), StandardCharsets.UTF_8);
  }

  private static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    int end = Math.min(digest.length(), colon + 1 + 12);
    return digest.substring(0, end);
  }

  /** Escapes the three characters Slack's message format gives a meaning. */
  private static String escapeSlack(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
