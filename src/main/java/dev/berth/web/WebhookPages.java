package dev.berth.web;

import dev.berth.hub.RepositoryInfo;
import dev.berth.webhooks.Webhook;
import dev.berth.webhooks.WebhookException;
import dev.berth.webhooks.WebhookInput;
import dev.berth.webhooks.WebhookScope;
import java.util.List;
import java.util.Optional;

/**
 * A repository's webhooks: the list with a form to add one (its signing secret is shown once),
 * a test delivery, the recent deliveries of each, and deleting. Managing them needs admin
 * permission on the repository, as in the JSON API.
 */
final class WebhookPages {

  static final int DELIVERIES_SHOWN = 20;

  private final WebContext context;

  WebhookPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    String base = "/r/{namespace}/{name}/webhooks";
    routes.get(base, Routes.Audience.SIGNED_IN, r -> list(r, 200, "", "", ""));
    routes.post(base, Routes.Audience.SIGNED_IN, this::create);
    routes.get(base + "/{id}", Routes.Audience.SIGNED_IN, this::deliveries);
    routes.post(base + "/{id}/test", Routes.Audience.SIGNED_IN, this::test);
    routes.post(base + "/{id}/delete", Routes.Audience.SIGNED_IN, this::delete);
  }

  private WebResponse list(WebRequest request, int status, String error, String name, String url)
      throws WebException {
    return list(request, status, error, name, url, "");
  }

  private WebResponse list(
      WebRequest request, int status, String error, String name, String url, String secret)
      throws WebException {
    RepositoryInfo info = manageable(request);
    List<WebhookView> webhooks =
        context.webhooks().list(WebhookScope.repository(info.name())).stream()
            .map(WebhookView::of)
            .toList();
    return request.page(
        status, "webhooks",
        "repo", RepositoryView.of(info), "webhooks", webhooks, "error", error,
        "name", name, "url", url, "secret", secret);
  }

  private WebResponse create(WebRequest request) throws WebException {
    RepositoryInfo info = manageable(request);
    String name = request.field("name");
    String url = request.field("url");
    String format = request.field("format");
    WebhookInput input =
        new WebhookInput(
            Optional.of(name), Optional.of(url), Optional.of(format), Optional.of(List.of("push")),
            Optional.empty(), Optional.empty(), Optional.of(true));
    try {
      var created =
          context.webhooks()
              .create(WebhookScope.repository(info.name()), request.user().username(), input);
      return list(request, 200, "", "", "", created.secret());
    } catch (WebhookException e) {
      if (e.kind() == WebhookException.Kind.NOT_FOUND) {
        throw WebException.notFound();
      }
      return list(request, 400, request.messages().get("admin.error", e.getMessage()), name, url);
    }
  }

  private WebResponse deliveries(WebRequest request) throws WebException {
    RepositoryInfo info = manageable(request);
    Webhook webhook = webhook(request, info);
    List<WebhookView.Attempt> attempts =
        context.webhooks().attempts(webhook.id(), 0, DELIVERIES_SHOWN).stream()
            .map(WebhookView.Attempt::of)
            .toList();
    return request.page(
        "webhook-deliveries",
        "repo", RepositoryView.of(info), "webhook", WebhookView.of(webhook),
        "attempts", attempts, "total", context.webhooks().countAttempts(webhook.id()));
  }

  private WebResponse test(WebRequest request) throws WebException {
    RepositoryInfo info = manageable(request);
    Webhook webhook = webhook(request, info);
    try {
      // The attempt is stored with the others, so the delivery page shows its outcome.
      context.webhooks().test(webhook.id(), request.user().username());
    } catch (WebhookException e) {
      throw WebException.notFound();
    }
    return WebResponse.redirect(RepositoryView.of(info).path() + "/webhooks/" + webhook.id());
  }

  private WebResponse delete(WebRequest request) throws WebException {
    RepositoryInfo info = manageable(request);
    Webhook webhook = webhook(request, info);
    try {
      context.webhooks().delete(webhook.id(), request.user().username());
    } catch (WebhookException e) {
      throw WebException.notFound();
    }
    return WebResponse.redirect(RepositoryView.of(info).path() + "/webhooks");
  }

  /** Returns the repository when the viewer has admin permission on it. */
  private RepositoryInfo manageable(WebRequest request) throws WebException {
    RepositoryInfo info = RepositoryPages.repository(context, request);
    if (!RepositoryView.of(info).canAdmin()) {
      throw WebException.forbidden();
    }
    return info;
  }

  /** Returns the webhook of the path when it belongs to this repository; 404 otherwise. */
  private Webhook webhook(WebRequest request, RepositoryInfo info) throws WebException {
    try {
      Webhook webhook = context.webhooks().get(request.pathParameter("id"));
      if (!webhook.scope().equals(WebhookScope.repository(info.name()))) {
        throw WebException.notFound();
      }
      return webhook;
    } catch (WebhookException e) {
      throw WebException.notFound();
    }
  }
}
