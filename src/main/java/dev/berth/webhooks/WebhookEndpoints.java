package dev.berth.webhooks;

import dev.berth.auth.AccountService;
import dev.berth.auth.Authorizer;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryAction;
import dev.berth.auth.TokenScope;
import dev.berth.auth.api.Access;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiErrorCode;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.Caller;
import dev.berth.auth.api.PageRequest;
import dev.berth.auth.api.Router;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import dev.berth.webhooks.json.WebhookBodies.CreateWebhookRequest;
import dev.berth.webhooks.json.WebhookBodies.DeliveryJson;
import dev.berth.webhooks.json.WebhookBodies.UpdateWebhookRequest;
import dev.berth.webhooks.json.WebhookBodies.WebhookJson;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v2/webhooks}: webhooks of a repository ({@code ?repository=acme/app}) or of a
 * namespace ({@code ?namespace=acme}), their delivery history and test deliveries. A repository's
 * webhooks need admin permission on it (the namespace's owner, a team with {@code admin}, or an
 * administrator). A namespace's webhooks need its user, an owner of its organization, or an
 * administrator. A webhook the caller may not manage looks missing (404).
 */
final class WebhookEndpoints {

  private static final String BASE = "/api/v2/webhooks";

  private final WebhookService service;
  private final Authorizer authorizer;

  WebhookEndpoints(WebhookService service, Authorizer authorizer) {
    this.service = service;
    this.authorizer = authorizer;
  }

  void register(Router router) {
    router.add("GET", BASE, Access.READ, this::list);
    router.add("POST", BASE, Access.READ, this::create);
    router.add("GET", BASE + "/{id}", Access.READ, this::get);
    router.add("PATCH", BASE + "/{id}", Access.READ, this::update);
    router.add("DELETE", BASE + "/{id}", Access.READ, this::delete);
    router.add("GET", BASE + "/{id}/deliveries", Access.READ, this::deliveries);
    router.add("POST", BASE + "/{id}/test", Access.READ, this::test);
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    WebhookScope scope =
        scopeOf(
            call.query("repository").orElse(null),
            call.query("namespace").orElse(null),
            "query parameter");
    requireManage(call, scope);
    Comparator<Webhook> ordering = webhookOrdering(call.query("ordering").orElse("created_at"));
    List<Webhook> webhooks = service.list(scope).stream().sorted(ordering).toList();
    return ApiResponse.ok(
        call.page(
            webhooks,
            webhook -> view(webhook, null),
            List.of("repository", "namespace", "ordering")));
  }

  private ApiResponse create(ApiCall call) throws ApiException {
    CreateWebhookRequest body = call.body(CreateWebhookRequest.class);
    WebhookScope scope = scopeOf(body.repository(), body.namespace(), "field");
    requireManage(call, scope);
    WebhookInput input =
        new WebhookInput(
            Optional.of(ApiCall.required(body.name(), "name")),
            Optional.of(ApiCall.required(body.url(), "url")),
            Optional.ofNullable(body.format()),
            Optional.ofNullable(body.events()),
            Optional.ofNullable(body.minSeverity()),
            Optional.ofNullable(body.secret()),
            Optional.ofNullable(body.enabled()));
    WebhookService.Created created;
    try {
      created = service.create(scope, call.user().username(), input);
    } catch (WebhookException e) {
      throw apiError(e);
    }
    return ApiResponse.created(
        BASE + "/" + created.webhook().id(), view(created.webhook(), created.secret()));
  }

  private ApiResponse get(ApiCall call) throws ApiException {
    return ApiResponse.ok(view(manageable(call), null));
  }

  private ApiResponse update(ApiCall call) throws ApiException {
    Webhook webhook = manageable(call);
    UpdateWebhookRequest body = call.body(UpdateWebhookRequest.class);
    WebhookInput input =
        new WebhookInput(
            Optional.ofNullable(body.name()),
            Optional.ofNullable(body.url()),
            Optional.ofNullable(body.format()),
            Optional.ofNullable(body.events()),
            Optional.ofNullable(body.minSeverity()),
            Optional.ofNullable(body.secret()),
            Optional.ofNullable(body.enabled()));
    try {
      return ApiResponse.ok(
          view(service.update(webhook.id(), input, call.user().username()), null));
    } catch (WebhookException e) {
      throw apiError(e);
    }
  }

  private ApiResponse delete(ApiCall call) throws ApiException {
    Webhook webhook = manageable(call);
    try {
      service.delete(webhook.id(), call.user().username());
    } catch (WebhookException e) {
      throw apiError(e);
    }
    return ApiResponse.noContent();
  }

  private ApiResponse deliveries(ApiCall call) throws ApiException {
    Webhook webhook = manageable(call);
    PageRequest page = call.pageRequest();
    boolean newestFirst = newestFirst(call.query("ordering").orElse("-attempted_at"));
    long count = service.countAttempts(webhook.id());
    List<DeliveryJson> results =
        service.attempts(webhook.id(), newestFirst, page.offset(), page.pageSize()).stream()
            .map(WebhookEndpoints::view)
            .toList();
    return ApiResponse.ok(call.page(page, count, results, List.of("ordering")));
  }

  private ApiResponse test(ApiCall call) throws ApiException {
    Webhook webhook = manageable(call);
    try {
      return ApiResponse.ok(view(service.test(webhook.id(), call.user().username())));
    } catch (WebhookException e) {
      throw apiError(e);
    }
  }

  /** Returns the order of the {@code ordering} query parameter of the webhook list. */
  private static Comparator<Webhook> webhookOrdering(String ordering) throws ApiException {
    Comparator<Webhook> byCreation =
        Comparator.comparingLong(Webhook::createdAt).thenComparing(Webhook::id);
    Comparator<Webhook> byName = Comparator.comparing(Webhook::name).thenComparing(byCreation);
    return switch (ordering) {
      case "created_at" -> byCreation;
      case "-created_at" -> byCreation.reversed();
      case "name" -> byName;
      case "-name" -> byName.reversed();
      default ->
          throw ApiException.invalid(
              "query parameter ordering="
                  + ordering
                  + " is invalid; use one of created_at, -created_at, name, -name");
    };
  }

  /** Returns whether the {@code ordering} query parameter of the delivery list is newest first. */
  private static boolean newestFirst(String ordering) throws ApiException {
    return switch (ordering) {
      case "-attempted_at" -> true;
      case "attempted_at" -> false;
      default ->
          throw ApiException.invalid(
              "query parameter ordering="
                  + ordering
                  + " is invalid; use -attempted_at (newest first, the default) or attempted_at");
    };
  }

  /** Returns the webhook of the path, or 404 when there is none or the caller may not manage it. */
  private Webhook manageable(ApiCall call) throws ApiException {
    String id = call.path("id");
    Webhook webhook;
    try {
      webhook = service.get(id);
    } catch (WebhookException e) {
      throw apiError(e);
    }
    try {
      requireManage(call, webhook.scope());
    } catch (ApiException e) {
      if (e.code() == ApiErrorCode.DENIED) {
        throw ApiException.notFound("webhook " + id + " not found");
      }
      throw e;
    }
    return webhook;
  }

  private static WebhookScope scopeOf(
      @Nullable String repository, @Nullable String namespace, String what) throws ApiException {
    if ((repository == null) == (namespace == null)) {
      throw ApiException.invalid(
          "give exactly one "
              + what
              + " of 'repository' (such as acme/app) or 'namespace' (such as acme)");
    }
    try {
      if (repository != null) {
        return WebhookScope.repository(RepositoryName.parse(repository));
      }
      RepositoryName parsed = RepositoryName.parse(namespace);
      if (namespace.contains("/")) {
        throw ApiException.invalid(
            what + " 'namespace' is '" + namespace + "'; a namespace has no '/', such as acme");
      }
      return WebhookScope.namespace(parsed.value());
    } catch (OciFormatException e) {
      throw ApiException.invalid(what + " " + e.getMessage());
    }
  }

  /**
   * Checks that the caller may manage webhooks of {@code scope}.
   *
   * @throws ApiException DENIED when not, NOT_FOUND when a namespace does not exist,
   *     INSUFFICIENT_SCOPE when an access token may not manage a namespace
   */
  private void requireManage(ApiCall call, WebhookScope scope) throws ApiException {
    Principal principal =
        switch (call.caller()) {
          case Caller.SessionUser session -> session.session().user();
          case Caller.TokenUser token -> token.token();
          case Caller.Anonymous anonymous ->
              throw new ApiException(ApiErrorCode.UNAUTHORIZED, "authentication required");
        };
    if (scope.kind() == WebhookScope.Kind.REPOSITORY) {
      boolean admin =
          authorizer
              .allowedActions(principal, RepositoryName.parse(scope.name()))
              .contains(RepositoryAction.DELETE);
      if (!admin) {
        throw ApiException.denied(
            "managing webhooks of repository "
                + scope.name()
                + " needs admin permission on it; ask an owner of namespace "
                + WebhookScope.namespaceOf(RepositoryName.parse(scope.name())));
      }
      return;
    }
    if (principal instanceof Principal.Token token
        && (token.scope() != TokenScope.ADMIN
            || !token.repositories().isEmpty()
            || !token.repositoryScopes().isEmpty())) {
      throw new ApiException(
          ApiErrorCode.INSUFFICIENT_SCOPE,
          "managing webhooks of a namespace needs a repo:admin access token without a repository"
              + " limit, or a web session");
    }
    requireNamespaceOwner(call.accountService(), call.user(), scope.name());
  }

  private static void requireNamespaceOwner(
      AccountService accounts, Principal.User user, String namespace) throws ApiException {
    if (user.username().equals(namespace)) {
      return;
    }
    boolean owner =
        accounts.memberships(user.username()).stream()
            .anyMatch(
                membership ->
                    membership.organization().equals(namespace)
                        && membership.role() == OrganizationRole.OWNER);
    if (owner) {
      return;
    }
    if (!user.administrator()) {
      throw ApiException.denied(
          "managing webhooks of namespace "
              + namespace
              + " needs its user or an owner of its organization");
    }
    boolean exists =
        accounts.user(namespace).isPresent() || accounts.organization(namespace).isPresent();
    if (!exists) {
      throw ApiException.notFound(
          "namespace " + namespace + " not found; create the user or organization first");
    }
  }

  private static ApiException apiError(WebhookException e) {
    ApiErrorCode code =
        switch (e.kind()) {
          case INVALID, BLOCKED -> ApiErrorCode.INVALID_REQUEST;
          case NOT_FOUND -> ApiErrorCode.NOT_FOUND;
          case CONFLICT -> ApiErrorCode.CONFLICT;
        };
    return new ApiException(code, e.getMessage());
  }

  private static WebhookJson view(Webhook webhook, @Nullable String secret) {
    boolean repository = webhook.scope().kind() == WebhookScope.Kind.REPOSITORY;
    return new WebhookJson(
        webhook.id(),
        webhook.name(),
        repository ? webhook.scope().name() : null,
        repository ? null : webhook.scope().name(),
        webhook.url().toString(),
        webhook.format().wireName(),
        webhook.events().stream().sorted().map(WebhookEvent::wireName).toList(),
        webhook.minSeverity().map(Severity::wireName).orElse(null),
        webhook.enabled(),
        webhook.createdBy(),
        Instant.ofEpochMilli(webhook.createdAt()).toString(),
        Instant.ofEpochMilli(webhook.updatedAt()).toString(),
        secret);
  }

  private static DeliveryJson view(DeliveryAttempt attempt) {
    return new DeliveryJson(
        attempt.id(),
        attempt.deliveryId(),
        attempt.eventId(),
        attempt.eventType(),
        attempt.attempt(),
        attempt.outcome().wireName(),
        attempt.statusCode().orElse(null),
        attempt.durationMillis(),
        attempt.error().orElse(null),
        Instant.ofEpochMilli(attempt.attemptedAt()).toString());
  }
}
