package dev.berth.server;

import dev.berth.auth.AccountAuthenticator;
import dev.berth.auth.Accounts;
import dev.berth.auth.AdminBootstrap;
import dev.berth.auth.Authorizer;
import dev.berth.auth.PrincipalResolver;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.ScopeGranter;
import dev.berth.auth.SessionService;
import dev.berth.auth.SigningKeys;
import dev.berth.auth.TokenEndpoint;
import dev.berth.auth.api.AccountsApi;
import dev.berth.registry.ExternalUrls;
import dev.berth.registry.Registry;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;

/**
 * The auth room, wired for the server: the first administrator, the token signing key, the token
 * endpoint, the accounts API under {@code /api/} and the gate in front of {@code /v2/}.
 */
final class AuthWiring {

  /** The {@code iss} claim of registry tokens; every node of one deployment uses the same. */
  static final String ISSUER = "berth";

  private final AccountAuthenticator authenticator;
  private final Authorizer authorizer;
  private final RegistryTokens tokens;
  private final PrincipalResolver resolver;
  private final SigningKeys keys;
  private final Accounts accounts;
  private final SessionService sessions;
  private final Clock clock;

  private AuthWiring(
      AccountAuthenticator authenticator,
      Authorizer authorizer,
      RegistryTokens tokens,
      PrincipalResolver resolver,
      SigningKeys keys,
      Accounts accounts,
      SessionService sessions,
      Clock clock) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.tokens = tokens;
    this.resolver = resolver;
    this.keys = keys;
    this.accounts = accounts;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Creates the first administrator when there is no user yet, loads or creates the signing key,
   * and builds the token service.
   *
   * @throws IOException when the signing key file cannot be read or written
   */
  static AuthWiring create(BerthConfig config, Accounts accounts, Registry registry, Clock clock)
      throws IOException {
    bootstrapAdministrator(config, accounts, System.out);
    SigningKeys keys = SigningKeys.loadOrCreate(config.signingKeyFile());
    RegistryTokens tokens =
        new RegistryTokens(
            keys,
            ISSUER,
            config.auth().service(),
            config.auth().tokenTtl(),
            config.auth().refreshTokenTtl(),
            clock);
    return new AuthWiring(
        accounts.authenticator(),
        accounts.authorizer(registry::isPrivate),
        tokens,
        accounts.principalResolver(),
        keys,
        accounts,
        accounts.sessions(config.auth().sessionIdleTimeout(), config.auth().sessionLifetime()),
        clock);
  }

  /**
   * Creates the administrator on an empty database. A generated password goes to {@code console}
   * once, never to the log, so it does not end up in log collectors.
   */
  static void bootstrapAdministrator(BerthConfig config, Accounts accounts, PrintStream console) {
    AdminBootstrap admin =
        accounts.bootstrapAdmin(config.auth().adminPassword().map(Secret::value));
    if (!admin.created()) {
      if (config.auth().adminPassword().isPresent()) {
        console.println(
            "berth: admin_password (BERTH_ADMIN_PASSWORD) is ignored: users exist already;"
                + " use ./berth user reset-password admin to change the password");
      }
      return;
    }
    if (admin.generatedPassword().isPresent()) {
      console.println();
      console.println("  Created the administrator account '" + Accounts.BOOTSTRAP_ADMIN + "'.");
      console.println("  Password: " + admin.generatedPassword().get());
      console.println("  It is shown only this once. Change it with");
      console.println("  ./berth user reset-password admin, or set BERTH_ADMIN_PASSWORD");
      console.println("  before the first start to choose it.");
      console.println();
      console.flush();
    }
  }

  Handler tokenEndpoint() {
    return new TokenEndpoint(authenticator, new ScopeGranter(authorizer), tokens, resolver, keys);
  }

  Handler api(ExternalUrls urls, java.util.List<dev.berth.auth.api.ApiModule> modules) {
    return new AccountsApi(accounts, sessions, urls, clock, modules);
  }

  Handler gate(Handler registry, ExternalUrls urls) {
    return new RegistryAuthGate(registry, authenticator, authorizer, tokens, resolver, urls);
  }
}
