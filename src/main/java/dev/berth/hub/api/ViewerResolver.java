package dev.berth.hub.api;

import dev.berth.auth.Principal;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.Caller;
import dev.berth.hub.Viewer;
import dev.berth.hub.Viewers;

/** Turns the caller of an API request into the {@link Viewer} the hub shows things to. */
@FunctionalInterface
public interface ViewerResolver {

  Viewer resolve(ApiCall call);

  /** Returns the resolver for Berth with authentication: sessions, access tokens, anonymous. */
  static ViewerResolver signedIn(Viewers viewers) {
    return call -> viewers.of(principalOf(call.caller()));
  }

  /** Returns the resolver for Berth without authentication, where everyone may do everything. */
  static ViewerResolver everyone() {
    return call -> Viewers.everyone();
  }

  private static Principal principalOf(Caller caller) {
    return switch (caller) {
      case Caller.SessionUser session -> session.session().user();
      case Caller.TokenUser token -> token.token();
      case Caller.Anonymous anonymous -> new Principal.Anonymous();
    };
  }
}
