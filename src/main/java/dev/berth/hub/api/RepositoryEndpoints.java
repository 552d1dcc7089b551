package dev.berth.hub.api;

import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.PageRequest;
import dev.berth.hub.Hub;
import dev.berth.hub.Page;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.RepositoryOrdering;
import dev.berth.hub.RepositoryRules;
import dev.berth.hub.Viewer;
import dev.berth.hub.api.json.RepositoryBodies;
import dev.berth.hub.api.json.RepositoryJson;
import dev.berth.hub.api.json.SearchResultJson;
import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Optional;

/** Repositories: list, create, get, update, delete, star and search. */
final class RepositoryEndpoints {

  private final Hub hub;
  private final ViewerResolver viewers;

  RepositoryEndpoints(Hub hub, ViewerResolver viewers) {
    this.hub = hub;
    this.viewers = viewers;
  }

  ApiResponse list(ApiCall call) throws ApiException {
    String namespace = RepositoryRules.checkNamespace(call.path("namespace"));
    RepositoryOrdering ordering =
        call.query("ordering").map(RepositoryOrdering::parse).orElse(RepositoryOrdering.NAME);
    PageRequest page = call.pageRequest();
    Page<RepositoryInfo> found =
        hub.list(
            viewers.resolve(call),
            Optional.of(namespace),
            ordering,
            page.offset(),
            page.pageSize());
    List<RepositoryJson> results =
        found.items().stream().map(info -> RepositoryJson.of(info, false)).toList();
    return ApiResponse.ok(PageLinks.page(call, page, found.count(), results, List.of("ordering")));
  }

  ApiResponse create(ApiCall call) throws ApiException {
    String namespace = call.path("namespace");
    RepositoryBodies.CreateRepository body =
        call.body(RepositoryBodies.CreateRepository.class, HubApi.MAX_BODY_BYTES);
    String name = ApiCall.required(body.name(), "name");
    RepositoryName repository = RepositoryRules.nameOf(namespace, name);
    RepositoryInfo created =
        hub.create(
            viewers.resolve(call),
            repository,
            Optional.ofNullable(body.description()).orElse(""),
            Optional.ofNullable(body.fullDescription()).orElse(""),
            Optional.ofNullable(body.isPrivate()));
    return ApiResponse.created(
        call.baseUrl() + location(created), RepositoryJson.of(created, true));
  }

  ApiResponse get(ApiCall call) {
    RepositoryName repository = locate(call);
    return ApiResponse.ok(RepositoryJson.of(hub.get(viewers.resolve(call), repository), true));
  }

  ApiResponse update(ApiCall call) throws ApiException {
    RepositoryName repository = locate(call);
    RepositoryBodies.UpdateRepository body =
        call.body(RepositoryBodies.UpdateRepository.class, HubApi.MAX_BODY_BYTES);
    if (body.description() == null && body.fullDescription() == null && body.isPrivate() == null) {
      throw ApiException.invalid(
          "request body changes nothing; send description, full_description or is_private");
    }
    RepositoryInfo updated =
        hub.update(
            viewers.resolve(call),
            repository,
            Optional.ofNullable(body.description()),
            Optional.ofNullable(body.fullDescription()),
            Optional.ofNullable(body.isPrivate()));
    return ApiResponse.ok(RepositoryJson.of(updated, true));
  }

  ApiResponse delete(ApiCall call) {
    hub.delete(viewers.resolve(call), locate(call));
    return ApiResponse.noContent();
  }

  ApiResponse star(ApiCall call) {
    hub.star(viewers.resolve(call), locate(call));
    return ApiResponse.noContent();
  }

  ApiResponse unstar(ApiCall call) {
    hub.unstar(viewers.resolve(call), locate(call));
    return ApiResponse.noContent();
  }

  ApiResponse search(ApiCall call) throws ApiException {
    String term = call.query("query").orElse("");
    long minStars = minStars(call.query("stars"));
    PageRequest page = call.pageRequest();
    Viewer viewer = viewers.resolve(call);
    Optional<RepositoryOrdering> ordering = call.query("ordering").map(RepositoryOrdering::parse);
    Page<RepositoryInfo> found =
        hub.search(viewer, term, minStars, ordering, page.offset(), page.pageSize());
    List<SearchResultJson> results = found.items().stream().map(SearchResultJson::of).toList();
    return ApiResponse.ok(
        PageLinks.page(call, page, found.count(), results, List.of("query", "stars", "ordering")));
  }

  static long minStars(Optional<String> text) throws ApiException {
    if (text.isEmpty()) {
      return 0;
    }
    try {
      long value = Long.parseLong(text.get());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the rule.
    }
    throw ApiException.invalid(
        "query parameter stars=" + text.get() + " is invalid; use a whole number 0 or more");
  }

  /** Returns the repository the path names. */
  RepositoryName locate(ApiCall call) {
    return hub.locate(call.path("namespace"), call.path("repository"));
  }

  static String location(RepositoryInfo info) {
    return "/api/v2/namespaces/"
        + info.namespace()
        + "/repositories/"
        + info.shortName().replace("/", "%2F");
  }
}
