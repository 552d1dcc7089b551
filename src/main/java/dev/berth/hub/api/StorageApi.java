package dev.berth.hub.api;

import dev.berth.auth.Principal;
import dev.berth.auth.api.Access;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiModule;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.Router;
import dev.berth.hub.StorageReport;
import dev.berth.hub.StorageUsage;
import dev.berth.hub.api.json.StorageJson;

/**
 * {@code GET /api/v2/admin/storage}: administrators read the blob bytes each namespace uses, with
 * its repository count, and the total across namespaces.
 */
public final class StorageApi implements ApiModule {

  static final String PATH = "/api/v2/admin/storage";

  private final StorageUsage usage;

  public StorageApi(StorageUsage usage) {
    this.usage = usage;
  }

  @Override
  public void register(Router router) {
    router.add("GET", PATH, Access.SESSION, this::show);
  }

  private ApiResponse show(ApiCall call) throws ApiException {
    Principal.User user = call.user();
    if (!user.administrator()) {
      throw ApiException.denied("only administrators may read the storage used per namespace");
    }
    StorageReport report = usage.report();
    return ApiResponse.ok(
        new StorageJson(
            report.totalBytes(),
            report.namespaces().stream()
                .map(
                    ns ->
                        new StorageJson.Namespace(
                            ns.namespace(), ns.repositories(), ns.blobs(), ns.bytes()))
                .toList()));
  }
}
