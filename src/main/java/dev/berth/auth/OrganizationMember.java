package dev.berth.auth;

/**
 * A user's membership in an organization.
 *
 * @param username the member's user name
 * @param role the member's role
 */
public record OrganizationMember(String username, OrganizationRole role) {}
