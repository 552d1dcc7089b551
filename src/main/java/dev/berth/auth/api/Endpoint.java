package dev.berth.auth.api;

import dev.berth.auth.AuthenticationException;

/**
 * One operation of the API: reads what it needs from the call, calls a service, returns the
 * response. {@link dev.berth.auth.AccountException} and {@link AuthenticationException} may pass
 * through; {@link AccountsApi} turns them into error responses.
 */
@FunctionalInterface
public interface Endpoint {

  public ApiResponse handle(ApiCall call) throws ApiException, AuthenticationException;
}
