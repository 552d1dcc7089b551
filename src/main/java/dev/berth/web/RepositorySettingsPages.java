package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.Team;
import dev.berth.auth.TeamPermission;
import dev.berth.hub.HubException;
import java.util.ArrayList;
import java.util.List;
import dev.berth.hub.RepositoryInfo;
import java.util.Optional;

/**
 * A repository's settings: the descriptions with a server-rendered preview of the overview, the
 * visibility switch with a confirmation, and deletion, which requires typing the repository name.
 * Webhooks have their own tab ({@link WebhookPages}).
 */
final class RepositorySettingsPages {

  private final WebContext context;

  RepositorySettingsPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    String base = "/r/{namespace}/{name}/settings";
    routes.get(base, Routes.Audience.SIGNED_IN, this::show);
    routes.post(base + "/descriptions", Routes.Audience.SIGNED_IN, this::descriptions);
    routes.post(base + "/visibility", Routes.Audience.SIGNED_IN, this::visibility);
    routes.post(base + "/delete", Routes.Audience.SIGNED_IN, this::delete);
  }

  private WebResponse show(WebRequest request) throws WebException {
    RepositoryInfo info = writable(request);
    return page(request, 200, info, info.description(), info.fullDescription(), "", "",
        Notices.text(request));
  }

  private WebResponse page(
      WebRequest request,
      int status,
      RepositoryInfo info,
      String description,
      String overview,
      String previewHtml,
      String error,
      String notice) {
    String namespace = info.namespace();
    boolean organization = context.accounts().accountService().organization(namespace).isPresent();
    return request.page(
        status, "repository-settings",
        "repo", RepositoryView.of(info), "description", description, "overview", overview,
        "previewHtml", previewHtml, "error", error, "notice", notice,
        "organization", organization,
        "teamAccess", organization ? teamAccess(request, namespace, info) : List.of());
  }

  /**
   * Returns the teams of the repository's organization that hold a permission on it. Only
   * members see the teams, so for others the list is empty.
   */
  private List<TeamAccess> teamAccess(WebRequest request, String organization, RepositoryInfo info) {
    var teams = context.accounts().teams();
    List<TeamAccess> access = new ArrayList<>();
    try {
      for (Team team : teams.teams(request.user(), organization)) {
        for (TeamPermission permission :
            teams.teamPermissions(request.user(), organization, team.name())) {
          if (permission.repository().equals(info.name())) {
            access.add(
                new TeamAccess(
                    team.name(),
                    permission.permission().wireName(),
                    "/orgs/" + organization + "/teams/" + team.name()));
          }
        }
      }
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.FORBIDDEN) {
        throw e;
      }
      return List.of();
    }
    return access;
  }

  private WebResponse descriptions(WebRequest request) throws WebException {
    RepositoryInfo info = writable(request);
    String description = request.field("description");
    String overview = request.rawField("overview");
    if (request.field("action").equals("preview")) {
      return page(request, 200, info, description, overview,
          MarkdownRenderer.toSafeHtml(overview), "", "");
    }
    Optional<String> formError =
        RepositoryFormErrors.description(request.messages(), description)
            .or(() -> RepositoryFormErrors.overview(request.messages(), overview));
    if (formError.isPresent()) {
      return page(request, 400, info, description, overview, "", formError.get(), "");
    }
    try {
      context.hub().update(
          request.viewer(), info.name(), Optional.of(description), Optional.of(overview),
          Optional.empty());
    } catch (HubException e) {
      if (e.kind() != HubException.Kind.INVALID) {
        throw e;
      }
      return page(request, 400, info, description, overview, "",
          request.messages().get("repository.settings.error.description", e.getMessage()), "");
    }
    return WebResponse.redirect(RepositoryView.of(info).path());
  }

  private WebResponse visibility(WebRequest request) throws WebException {
    RepositoryInfo info = writable(request);
    boolean makePrivate = request.field("visibility").equals("private");
    if (!request.field("confirm").equals("yes")) {
      return page(request, 400, info, info.description(), info.fullDescription(), "",
          request.messages().get("repository.settings.error.confirm"), "");
    }
    context.hub().update(
        request.viewer(), info.name(), Optional.empty(), Optional.empty(), Optional.of(makePrivate));
    return WebResponse.redirect(
        RepositoryView.of(info).path() + "/settings?notice=" + (makePrivate ? "private" : "public"));
  }

  private WebResponse delete(WebRequest request) throws WebException {
    RepositoryInfo info = writable(request);
    if (!request.field("confirm_name").equals(info.name().toString())) {
      return page(request, 400, info, info.description(), info.fullDescription(), "",
          request.messages().get("repository.settings.error.delete_name", info.name().toString()),
          "");
    }
    context.hub().delete(request.viewer(), info.name());
    return WebResponse.redirect("/?notice=deleted");
  }

  /** Returns the repository when the viewer may at least edit its descriptions. */
  private RepositoryInfo writable(WebRequest request) throws WebException {
    RepositoryInfo info = RepositoryPages.repository(context, request);
    if (!RepositoryView.of(info).canWrite()) {
      throw WebException.forbidden();
    }
    return info;
  }
}
