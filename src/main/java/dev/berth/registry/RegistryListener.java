package dev.berth.registry;

import org.jdbi.v3.core.Handle;

/**
 * Hears what changes in the registry, so that other rooms (the hub's repository metadata,
 * webhooks, audit) can record it. Implementations must be thread-safe.
 */
public interface RegistryListener {

  /** A listener that does nothing. */
  RegistryListener NONE = new RegistryListener() {};

  /**
   * Called inside the transaction that makes a push or delete visible, on its {@code handle}:
   * rows written here commit or roll back with the change, which is how the outbox of events stays
   * exact across crashes. An exception rolls the change back and fails the request with a 500.
   */
  default void changed(Handle handle, RegistryEvent event) {}

  /**
   * Called after a manifest GET has been answered. Nothing is in a transaction here; keep it cheap,
   * since it runs on every pull, and never throw.
   */
  default void pulled(RegistryEvent.ManifestPulled event) {}
}
