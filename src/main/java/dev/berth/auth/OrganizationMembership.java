package dev.berth.auth;

/**
 * One of a user's organizations, with the user's role in it.
 *
 * @param organization the organization's name
 * @param role the user's role there
 */
public record OrganizationMembership(String organization, OrganizationRole role) {}
