package dev.berth.audit;

import java.util.List;

/** The actions the audit log records, as stored in {@code audit_events.action}. */
public final class AuditActions {

  public static final String SIGN_IN = "auth.sign_in";
  public static final String SIGN_OUT = "auth.sign_out";
  public static final String LOGIN_LOCK_LIFT = "auth.login_lock_lift";

  public static final String USER_CREATE = "user.create";
  public static final String USER_DISABLE = "user.disable";
  public static final String USER_ENABLE = "user.enable";
  public static final String USER_ADMINISTRATOR = "user.administrator";
  public static final String USER_PASSWORD_RESET = "user.password_reset";
  public static final String USER_PASSWORD_CHANGE = "user.password_change";

  public static final String ACCESS_TOKEN_CREATE = "access_token.create";
  public static final String ACCESS_TOKEN_REVOKE = "access_token.revoke";

  public static final String TWO_FACTOR_ENABLE = "two_factor.enable";
  public static final String TWO_FACTOR_DISABLE = "two_factor.disable";

  public static final String ORGANIZATION_CREATE = "organization.create";
  public static final String ORGANIZATION_MEMBER_SET = "organization.member_set";
  public static final String ORGANIZATION_MEMBER_REMOVE = "organization.member_remove";

  public static final String TEAM_CREATE = "team.create";
  public static final String TEAM_DELETE = "team.delete";
  public static final String TEAM_MEMBER_ADD = "team.member_add";
  public static final String TEAM_MEMBER_REMOVE = "team.member_remove";
  public static final String TEAM_PERMISSION_SET = "team.permission_set";
  public static final String TEAM_PERMISSION_REMOVE = "team.permission_remove";

  public static final String REPOSITORY_CREATE = "repository.create";
  public static final String REPOSITORY_UPDATE = "repository.update";
  public static final String REPOSITORY_DELETE = "repository.delete";
  public static final String MANIFEST_PUSH = "manifest.push";
  public static final String MANIFEST_DELETE = "manifest.delete";
  public static final String TAG_DELETE = "tag.delete";

  public static final String WEBHOOK_CREATE = "webhook.create";
  public static final String WEBHOOK_DELETE = "webhook.delete";

  /** Every action, in the order the admin page offers them. */
  public static final List<String> ALL =
      List.of(
          SIGN_IN,
          SIGN_OUT,
          LOGIN_LOCK_LIFT,
          USER_CREATE,
          USER_DISABLE,
          USER_ENABLE,
          USER_ADMINISTRATOR,
          USER_PASSWORD_RESET,
          USER_PASSWORD_CHANGE,
          ACCESS_TOKEN_CREATE,
          ACCESS_TOKEN_REVOKE,
          TWO_FACTOR_ENABLE,
          TWO_FACTOR_DISABLE,
          ORGANIZATION_CREATE,
          ORGANIZATION_MEMBER_SET,
          ORGANIZATION_MEMBER_REMOVE,
          TEAM_CREATE,
          TEAM_DELETE,
          TEAM_MEMBER_ADD,
          TEAM_MEMBER_REMOVE,
          TEAM_PERMISSION_SET,
          TEAM_PERMISSION_REMOVE,
          REPOSITORY_CREATE,
          REPOSITORY_UPDATE,
          REPOSITORY_DELETE,
          MANIFEST_PUSH,
          MANIFEST_DELETE,
          TAG_DELETE,
          WEBHOOK_CREATE,
          WEBHOOK_DELETE);

  private AuditActions() {}
}
