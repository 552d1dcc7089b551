package dev.berth.web;

import dev.berth.auth.OrganizationMembership;
import dev.berth.auth.OrganizationRole;
import dev.berth.hub.HubException;
import dev.berth.hub.Page;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.RepositoryRules;
import dev.berth.hub.TagInfo;
import dev.berth.hub.TagOrdering;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creating a repository, its overview page (Markdown overview, pull command, push commands while
 * it is empty) and its tags table, which pages on the server.
 *
 * <p>NOTE: routes take one path segment for the name, so repositories with deeper names such as
 * {@code acme/team/app} have no page yet.
 */
final class RepositoryPages {

  static final int TAGS_PER_PAGE = 25;

  private final WebContext context;

  RepositoryPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/new", Routes.Audience.SIGNED_IN, r -> form(r, 200, "", "", "", "", true));
    routes.post("/new", Routes.Audience.SIGNED_IN, this::create);
    routes.get("/r/{namespace}/{name}", Routes.Audience.ANYONE, this::overview);
    routes.get("/r/{namespace}/{name}/tags", Routes.Audience.ANYONE, this::tags);
    routes.post("/r/{namespace}/{name}/star", Routes.Audience.SIGNED_IN, this::star);
  }

  /** Returns the repository a page path names, as the viewer may see it. */
  static RepositoryInfo repository(WebContext context, WebRequest request)
      throws WebException {
    RepositoryName name;
    try {
      name = context.hub().locate(request.pathParameter("namespace"), request.pathParameter("name"));
    } catch (HubException e) {
      // A malformed path, such as one with an upper-case namespace, names no repository.
      if (e.kind() == HubException.Kind.INVALID) {
        throw WebException.notFound();
      }
      throw e;
    }
    return context.hub().get(request.viewer(), name);
  }

  private WebResponse form(
      WebRequest request,
      int status,
      String namespace,
      String name,
      String description,
      String error,
      boolean isPrivate) {
    return request.page(
        status, "repository-new",
        "namespaces", namespaces(request), "namespace", namespace, "name", name,
        "description", description, "isPrivate", isPrivate, "error", error);
  }

  /** Returns the namespaces the user may create in: their own, then organizations they own. */
  private List<String> namespaces(WebRequest request) {
    String username = request.user().username();
    List<String> namespaces = new ArrayList<>();
    namespaces.add(username);
    for (OrganizationMembership membership :
        context.accounts().accountService().memberships(username)) {
      if (membership.role() == OrganizationRole.OWNER) {
        namespaces.add(membership.organization());
      }
    }
    return namespaces;
  }

  private WebResponse create(WebRequest request) {
    String namespace = request.field("namespace");
    String name = request.field("name");
    String description = request.field("description");
    String visibility = request.field("visibility");
    boolean isPrivate = !visibility.equals("public");
    if (!visibility.equals("public") && !visibility.equals("private")) {
      return form(request, 400, namespace, name, description,
          request.messages().get("repository.new.error.visibility", visibility), true);
    }
    if (!namespaces(request).contains(namespace)) {
      return form(request, 400, namespace, name, description,
          request.messages().get("repository.new.error.namespace"), isPrivate);
    }
    Optional<String> formError =
        RepositoryFormErrors.name(request.messages(), namespace, name)
            .or(() -> RepositoryFormErrors.description(request.messages(), description));
    if (formError.isPresent()) {
      return form(request, 400, namespace, name, description, formError.get(), isPrivate);
    }
    RepositoryInfo created;
    try {
      RepositoryName repository = RepositoryRules.nameOf(namespace, name);
      created =
          context.hub().create(
              request.viewer(), repository, description, "", Optional.of(isPrivate));
    } catch (HubException e) {
      String text =
          switch (e.kind()) {
            case CONFLICT -> request.messages().get("repository.new.error.exists", namespace + "/" + name);
            case INVALID -> request.messages().get("repository.new.error.invalid", e.getMessage());
            default -> request.messages().get("repository.new.error.denied");
          };
      return form(request, 400, namespace, name, description, text, isPrivate);
    }
    return WebResponse.redirect(RepositoryView.of(created).path());
  }

  private WebResponse overview(WebRequest request) throws WebException {
    RepositoryInfo info = repository(context, request);
    Page<TagInfo> latest =
        context.hub().tags(request.viewer(), info.name(), TagOrdering.LAST_UPDATED_DESC, 0, 5);
    return request.page(
        "repository",
        "repo", RepositoryView.of(info),
        "starred", info.starred(),
        "overviewHtml", MarkdownRenderer.toSafeHtml(info.fullDescription()),
        "tags", latest.items().stream().map(TagView::of).toList(),
        "tagCount", latest.count());
  }

  /** Stars the repository, or removes the star when the form sends {@code starred=false}. */
  private WebResponse star(WebRequest request) throws WebException {
    RepositoryInfo info = repository(context, request);
    if (request.field("starred").equals("false")) {
      context.hub().unstar(request.viewer(), info.name());
    } else {
      context.hub().star(request.viewer(), info.name());
    }
    return WebResponse.redirect(RepositoryView.of(info).path());
  }

  private WebResponse tags(WebRequest request) throws WebException {
    RepositoryInfo info = repository(context, request);
    TagOrdering ordering =
        request.query("ordering").filter(o -> o.equals("name")).isPresent()
            ? TagOrdering.NAME
            : TagOrdering.LAST_UPDATED_DESC;
    long page = Paging.requested(request);
    Page<TagInfo> tags =
        context.hub().tags(
            request.viewer(), info.name(), ordering, (page - 1) * TAGS_PER_PAGE, TAGS_PER_PAGE);
    RepositoryView repo = RepositoryView.of(info);
    String base = repo.path() + "/tags?ordering=" + ordering.wireName() + "&";
    return request.page(
        "repository-tags",
        "repo", repo,
        "tags", tags.items().stream().map(TagView::of).toList(),
        "ordering", ordering.wireName(),
        "paging", Paging.of(page, TAGS_PER_PAGE, tags.count(), base));
  }
}
