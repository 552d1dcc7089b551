package dev.berth.hub;

/**
 * The storage one namespace uses.
 *
 * @param namespace the owning namespace, the first component of its repositories' names
 * @param repositories how many repositories it has
 * @param blobs how many distinct blobs its repositories link
 * @param bytes the size of those blobs, each counted once however many of the namespace's
 *     repositories link it
 */
public record NamespaceStorage(String namespace, long repositories, long blobs, long bytes) {}
