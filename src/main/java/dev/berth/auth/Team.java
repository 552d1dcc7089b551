package dev.berth.auth;

/**
 * A group of an organization's members that is granted permissions on repositories.
 *
 * @param organization the organization the team belongs to
 * @param name the team's name, unique within the organization
 * @param description free text shown to members
 */
public record Team(String organization, String name, String description) {}
