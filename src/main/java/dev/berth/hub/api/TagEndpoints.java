package dev.berth.hub.api;

import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.PageRequest;
import dev.berth.hub.Hub;
import dev.berth.hub.Page;
import dev.berth.hub.TagInfo;
import dev.berth.hub.TagOrdering;
import dev.berth.hub.api.json.TagJson;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.List;

/** A repository's tags: the list, newest push first by default, and one tag. */
final class TagEndpoints {

  private final Hub hub;
  private final ViewerResolver viewers;

  TagEndpoints(Hub hub, ViewerResolver viewers) {
    this.hub = hub;
    this.viewers = viewers;
  }

  ApiResponse list(ApiCall call) throws ApiException {
    RepositoryName repository = hub.locate(call.path("namespace"), call.path("repository"));
    TagOrdering ordering =
        call.query("ordering").map(TagOrdering::parse).orElse(TagOrdering.LAST_UPDATED_DESC);
    PageRequest page = call.pageRequest();
    Page<TagInfo> found =
        hub.tags(viewers.resolve(call), repository, ordering, page.offset(), page.pageSize());
    List<TagJson> results = found.items().stream().map(TagJson::of).toList();
    return ApiResponse.ok(PageLinks.page(call, page, found.count(), results, List.of("ordering")));
  }

  ApiResponse get(ApiCall call) throws ApiException {
    RepositoryName repository = hub.locate(call.path("namespace"), call.path("repository"));
    Tag tag;
    try {
      tag = Tag.parse(call.path("tag"));
    } catch (OciFormatException e) {
      throw ApiException.invalid(
          "tag '"
              + call.path("tag")
              + "' is invalid; use up to 128 letters, digits, '_', '.' and '-', not starting with"
              + " '.' or '-'");
    }
    return ApiResponse.ok(TagJson.of(hub.tag(viewers.resolve(call), repository, tag)));
  }
}
