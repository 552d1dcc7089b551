package dev.berth.web;

import dev.berth.auth.Accounts;
import dev.berth.auth.SessionService;
import java.time.Clock;

/** What every page may use, built once per process by {@link WebUi}. */
record WebContext(
    Accounts accounts,
    SessionService sessions,
    WebSettings settings,
    Templates templates,
    StaticAssets assets,
    Clock clock) {}
