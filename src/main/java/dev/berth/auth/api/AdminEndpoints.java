package dev.berth.auth.api;

import dev.berth.auth.Accounts;
import dev.berth.auth.LoginLock;
import dev.berth.auth.LoginThrottle;
import dev.berth.auth.api.json.LoginLockJson;
import java.util.List;

/**
 * {@code /api/v2/admin/...}: the login locks that repeated failures earned, which administrators
 * list and lift. A lock key such as {@code address:2001:db8::/64} contains a slash, so the key is
 * the rest of the path, sent as it is or with the slash encoded as {@code %2F}.
 */
final class AdminEndpoints {

  private final LoginThrottle throttle;

  AdminEndpoints(Accounts accounts) {
    this.throttle = accounts.loginThrottle();
  }

  void register(Router router) {
    router.add("GET", "/api/v2/admin/login-locks", Access.READ, this::list);
    router.add("DELETE", "/api/v2/admin/login-locks/{key+}", Access.MANAGE, this::unlock);
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    List<LoginLock> locks = throttle.activeLocks(call.user());
    return ApiResponse.ok(
        call.page(
            locks,
            lock ->
                new LoginLockJson(lock.key(), lock.failures(), Views.time(lock.lockedUntil()))));
  }

  private ApiResponse unlock(ApiCall call) throws ApiException {
    String key = call.path("key");
    if (!throttle.unlock(call.user(), key)) {
      throw ApiException.notFound(
          "no failed logins recorded for "
              + key
              + "; list locks with GET /api/v2/admin/login-locks");
    }
    return ApiResponse.noContent();
  }
}
