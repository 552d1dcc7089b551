package dev.berth.hub.api;

import dev.berth.auth.api.ApiErrorCode;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.Endpoint;
import dev.berth.hub.HubException;

/** Maps the hub's exceptions to API errors, in one place. */
final class HubErrors {

  private HubErrors() {}

  /** Returns {@code endpoint} with every {@link HubException} turned into its API error. */
  static Endpoint guarded(Endpoint endpoint) {
    return call -> {
      try {
        return endpoint.handle(call);
      } catch (HubException e) {
        throw toApi(e);
      }
    };
  }

  static ApiException toApi(HubException e) {
    ApiErrorCode code =
        switch (e.kind()) {
          case INVALID -> ApiErrorCode.INVALID_REQUEST;
          case UNAUTHORIZED -> ApiErrorCode.UNAUTHORIZED;
          case DENIED -> ApiErrorCode.DENIED;
          case NOT_FOUND -> ApiErrorCode.NOT_FOUND;
          case CONFLICT -> ApiErrorCode.CONFLICT;
        };
    return new ApiException(code, e.getMessage());
  }
}
