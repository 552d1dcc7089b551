package dev.berth.server.config;

import java.util.List;

/**
 * Webhook delivery settings.
 *
 * @param allowedHosts host names or IP literals that webhooks may reach even when they resolve to
 *     loopback, private or link-local addresses, such as an internal CI server. Empty by default.
 */
public record WebhookConfig(List<String> allowedHosts) {

  public WebhookConfig {
    allowedHosts = List.copyOf(allowedHosts);
  }

  public static WebhookConfig defaults() {
    return new WebhookConfig(List.of());
  }
}
