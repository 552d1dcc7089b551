package dev.berth.registry;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells several listeners about every event, in the order given, so the composition root can give
 * the registry the hub's listener and the webhooks' listener at once. Inside a transaction the
 * first exception stops the others and rolls the change back, exactly as with one listener. After a
 * pull each listener runs even when an earlier one failed, because a pull is already served.
 */
public final class CompositeRegistryListener implements RegistryListener {

  private static final Logger LOG = LoggerFactory.getLogger(CompositeRegistryListener.class);

  private final List<RegistryListener> listeners;

  public CompositeRegistryListener(List<RegistryListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Returns a listener that calls each of {@code listeners} in turn. */
  public static RegistryListener of(RegistryListener... listeners) {
    return new CompositeRegistryListener(List.of(listeners));
  }

  @Override
  public void changed(Handle handle, RegistryEvent event) {
    for (RegistryListener listener : listeners) {
      listener.changed(handle, event);
    }
  }

  @Override
  public void pulled(RegistryEvent.ManifestPulled event) {
    for (RegistryListener listener : listeners) {
      try {
        listener.pulled(event);
      } catch (RuntimeException e) {
        LOG.atWarn()
            .setCause(e)
            .addKeyValue("repository", event.repository())
            .addKeyValue("listener", listener.getClass().getName())
            .log("a pull listener failed; the others still ran");
      }
    }
  }
}
