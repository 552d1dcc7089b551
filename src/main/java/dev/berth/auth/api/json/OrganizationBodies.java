package dev.berth.auth.api.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /api/v2/orgs/...}, with Docker Hub's field names where it has them. */
public final class OrganizationBodies {

  private OrganizationBodies() {}

  /**
   * An organization.
   *
   * @param orgname its name, also its namespace
   * @param type always {@code Organization}
   * @param dateJoined when it was created (RFC 3339)
   * @param role the caller's role in it, {@code owner} or {@code member}; null for an administrator
   *     who is not a member
   */
  public record OrganizationJson(
      String orgname, String type, String dateJoined, @Nullable String role) {}

  /** {@code POST /api/v2/orgs}. */
  public record CreateOrganizationRequest(@Nullable String orgname) {}

  /**
   * A member of an organization.
   *
   * @param username the member's user name
   * @param type always {@code User}
   * @param role {@code owner} or {@code member}
   * @param groups the organization's teams the member is in, by name
   */
  public record MemberJson(String username, String type, String role, List<String> groups) {}

  /** {@code POST /api/v2/orgs/{org}/members}: the user to add and their role (default member). */
  public record AddMemberRequest(@Nullable String member, @Nullable String role) {}

  /** {@code PUT /api/v2/orgs/{org}/members/{user}}. */
  public record RoleRequest(@Nullable String role) {}

  /**
   * A team, which Docker Hub's API calls a group.
   *
   * @param name its name, unique in the organization
   * @param description free text
   * @param memberCount how many users are in it
   */
  public record GroupJson(String name, String description, int memberCount) {}

  /** {@code POST /api/v2/orgs/{org}/groups}. */
  public record CreateGroupRequest(@Nullable String name, @Nullable String description) {}

  /** {@code POST /api/v2/orgs/{org}/groups/{team}/members}, as in Docker Hub. */
  public record GroupMemberRequest(@Nullable String member) {}

  /**
   * A user in a team.
   *
   * @param username the user's name
   * @param type always {@code User}
   */
  public record GroupMemberJson(String username, String type) {}

  /**
   * A team's permission on one repository of its organization.
   *
   * @param namespace the organization
   * @param name the repository's name inside the namespace, which may contain slashes
   * @param permission {@code read}, {@code write} or {@code admin}
   */
  public record GroupRepositoryJson(String namespace, String name, String permission) {}

  /** {@code PUT /api/v2/orgs/{org}/groups/{team}/repositories/{repo}}. */
  public record PermissionRequest(@Nullable String permission) {}
}
