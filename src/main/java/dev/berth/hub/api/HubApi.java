package dev.berth.hub.api;

import dev.berth.auth.api.Access;
import dev.berth.auth.api.ApiModule;
import dev.berth.auth.api.Router;
import dev.berth.hub.Hub;

/**
 * The hub's routes in the JSON API, at Docker Hub's paths below {@code /api}. Reads are open to
 * anonymous callers, who see public repositories only; changes need a session or a personal access
 * token, and the hub then checks the caller's permission on the repository. A repository below the
 * namespace with more than one component is written with {@code %2F}, as in {@code
 * /api/v2/namespaces/acme/repositories/team%2Fapp}.
 */
public final class HubApi implements ApiModule {

  /** The largest request body: a 25,000-character overview, escaped, fits with room to spare. */
  static final int MAX_BODY_BYTES = 512 * 1024;

  static final String REPOSITORIES = "/api/v2/namespaces/{namespace}/repositories";
  static final String REPOSITORY = REPOSITORIES + "/{repository}";

  private final Hub hub;
  private final ViewerResolver viewers;

  public HubApi(Hub hub, ViewerResolver viewers) {
    this.hub = hub;
    this.viewers = viewers;
  }

  @Override
  public void register(Router router) {
    RepositoryEndpoints repositories = new RepositoryEndpoints(hub, viewers);
    TagEndpoints tags = new TagEndpoints(hub, viewers);
    router.add("GET", REPOSITORIES, Access.OPTIONAL, HubErrors.guarded(repositories::list));
    router.add("POST", REPOSITORIES, Access.READ, HubErrors.guarded(repositories::create));
    router.add("GET", REPOSITORY, Access.OPTIONAL, HubErrors.guarded(repositories::get));
    router.add("PATCH", REPOSITORY, Access.READ, HubErrors.guarded(repositories::update));
    router.add("DELETE", REPOSITORY, Access.READ, HubErrors.guarded(repositories::delete));
    router.add("PUT", REPOSITORY + "/star", Access.READ, HubErrors.guarded(repositories::star));
    router.add(
        "DELETE", REPOSITORY + "/star", Access.READ, HubErrors.guarded(repositories::unstar));
    router.add("GET", REPOSITORY + "/tags", Access.OPTIONAL, HubErrors.guarded(tags::list));
    router.add("GET", REPOSITORY + "/tags/{tag}", Access.OPTIONAL, HubErrors.guarded(tags::get));
    router.add(
        "GET",
        "/api/v2/search/repositories",
        Access.OPTIONAL,
        HubErrors.guarded(repositories::search));
  }
}
