package dev.berth.auth;

import dev.berth.audit.AuditActor;

/** Turns the auth room's principals into audit log actors. */
final class AuditActors {

  private AuditActors() {}

  static AuditActor of(Principal principal) {
    return switch (principal) {
      case Principal.User user -> AuditActor.user(user.username());
      case Principal.Token token -> AuditActor.token(token.owner());
      case Principal.Anonymous anonymous -> AuditActor.anonymous();
    };
  }
}
