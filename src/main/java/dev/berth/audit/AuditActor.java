package dev.berth.audit;

/**
 * The caller behind an audit event.
 *
 * @param name the user or token owner's name, or the attempted user name of a failed sign-in;
 *     empty for anonymous callers and the system
 * @param kind what kind of caller it was
 */
public record AuditActor(String name, ActorKind kind) {

  /** Returns a user acting through a session or password. */
  public static AuditActor user(String name) {
    return new AuditActor(name, ActorKind.USER);
  }

  /** Returns an access token acting for {@code owner}. */
  public static AuditActor token(String owner) {
    return new AuditActor(owner, ActorKind.TOKEN);
  }

  /** Returns a caller without credentials. */
  public static AuditActor anonymous() {
    return new AuditActor("", ActorKind.ANONYMOUS);
  }

  /** Returns Berth itself. */
  public static AuditActor system() {
    return new AuditActor("", ActorKind.SYSTEM);
  }
}
