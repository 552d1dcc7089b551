package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repositories and namespaces that have a webhook subscribed to pulls, kept in memory, so a
 * pull that no webhook wants never touches the database. This process refreshes the set after each
 * webhook change it makes, and {@link #refresh} is also called on a timer to pick up changes made
 * on other nodes. Thread-safe.
 */
final class PullSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(PullSubscriptions.class);

  private final Jdbi jdbi;
  private final WebhookStore store;
  private volatile Set<WebhookScope> scopes = Set.of();

  PullSubscriptions(Jdbi jdbi, WebhookStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  /** Reloads the set; on a database error the previous set stays and the error is logged. */
  void refresh() {
    try {
      scopes = jdbi.withHandle(store::pullScopes);
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("failed to reload pull webhooks; keeping the previous set");
    }
  }

  /** Returns whether a webhook of {@code repository} or its namespace subscribes to pulls. */
  boolean isSubscribed(RepositoryName repository) {
    Set<WebhookScope> current = scopes;
    if (current.isEmpty()) {
      return false;
    }
    return current.contains(WebhookScope.repository(repository))
        || current.contains(WebhookScope.namespace(WebhookScope.namespaceOf(repository)));
  }
}
