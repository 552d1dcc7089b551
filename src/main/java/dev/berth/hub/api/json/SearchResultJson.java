package dev.berth.hub.api.json;

import dev.berth.auth.api.json.JsonTimes;
import dev.berth.hub.RepositoryInfo;

/**
 * One result of the hub API's search, with the fields of Docker Hub's {@code
 * /v2/search/repositories}, plus {@code is_private} and {@code last_updated}.
 *
 * @param repoName the full repository name, such as {@code acme/app}
 * @param repoOwner the namespace
 * @param isOfficial always false: Berth has no official images
 * @param isAutomated always false: Berth has no automated builds
 */
public record SearchResultJson(
    String repoName,
    String shortDescription,
    long starCount,
    long pullCount,
    String repoOwner,
    boolean isOfficial,
    boolean isAutomated,
    boolean isPrivate,
    String lastUpdated) {

  public static SearchResultJson of(RepositoryInfo info) {
    return new SearchResultJson(
        info.name().value(),
        info.description(),
        info.starCount(),
        info.pullCount(),
        info.namespace(),
        false,
        false,
        info.isPrivate(),
        JsonTimes.format(info.lastUpdated()));
  }
}
