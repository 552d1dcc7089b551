package dev.berth.web;

import dev.berth.auth.Accounts;
import dev.berth.auth.SessionService;
import dev.berth.hub.Hub;
import dev.berth.hub.Viewers;
import dev.berth.registry.ExternalUrls;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;

/** The web UI, wired: builds the handler for {@code /} from the auth room's services. */
public final class WebUi {

  private WebUi() {}

  /**
   * Returns the handler that serves the pages and static files. It declines {@code /v2/}, {@code
   * /v1/}, {@code /api/}, {@code /token}, {@code /health} and {@code /metrics}, so mount it after
   * the handlers of those paths.
   *
   * @param sessions the same session service the JSON API uses, so one cookie signs in both
   * @param hub the repositories, tags and search that the repository pages show
   * @param viewers turns the signed-in user into the hub's view of what they may see
   * @param webhooks the webhooks that repository settings add, test and list deliveries of
   */
  public static Handler handler(
      Accounts accounts,
      SessionService sessions,
      Hub hub,
      Viewers viewers,
      dev.berth.webhooks.WebhookService webhooks,
      WebSettings settings,
      ExternalUrls urls,
      Clock clock) {
    WebContext context =
        new WebContext(
            accounts, sessions, hub, viewers, webhooks, settings, new Templates(), new StaticAssets(),
            clock);
    Routes routes = new Routes();
    new HomePages(context).register(routes);
    SignInPages signIn = new SignInPages(context);
    signIn.register(routes);
    new SignUpPages(context, signIn).register(routes);
    new TokenPages(context).register(routes);
    new TwoFactorPages(context).register(routes);
    new PasswordPages(context, signIn).register(routes);
    new RepositoryPages(context).register(routes);
    new RepositorySettingsPages(context).register(routes);
    new ExplorePages(context).register(routes);
    new TagDetailPages(context).register(routes);
    new AdminPages(context).register(routes);
    new AuditPages(context).register(routes);
    new OrganizationPages(context).register(routes);
    new WebhookPages(context).register(routes);
    return new WebHandler(context, routes, urls);
  }
}
