package dev.berth.web;

import dev.berth.auth.Accounts;
import dev.berth.auth.SessionService;
import dev.berth.hub.Hub;
import dev.berth.hub.Viewers;
import java.time.Clock;

/** The services and settings that every page uses, built once per process by {@link WebUi}. */
record WebContext(
    Accounts accounts,
    SessionService sessions,
    Hub hub,
    Viewers viewers,
    dev.berth.webhooks.WebhookService webhooks,
    WebSettings settings,
    Templates templates,
    StaticAssets assets,
    Clock clock) {}
