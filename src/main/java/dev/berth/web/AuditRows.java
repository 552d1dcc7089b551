package dev.berth.web;

/** Rows of the audit log and storage pages, with times and sizes formatted. */
public final class AuditRows {

  private AuditRows() {}

  /**
   * One audit event.
   *
   * @param actorKind {@code user}, {@code token}, {@code anonymous} or {@code system}
   * @param failed whether the action failed
   * @param details the details as {@code key=value} pairs, comma separated
   */
  public record Event(
      String time,
      String actor,
      String actorKind,
      String clientAddress,
      String action,
      String target,
      String namespace,
      boolean failed,
      String details) {}

  /** The filter as the form shows it again; empty strings for filters not set. */
  public record Filter(String actor, String action, String namespace, String since, String until) {}

  /**
   * One namespace's storage.
   *
   * @param size the blob bytes, human-readable
   */
  public record Storage(String namespace, long repositories, long blobs, String size, long bytes) {}
}
