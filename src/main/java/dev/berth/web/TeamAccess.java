package dev.berth.web;

/**
 * A team's permission on one repository, for the repository's settings page.
 *
 * @param team the team's name
 * @param permission {@code read}, {@code write} or {@code admin}
 * @param path the team's page, where owners change it
 */
public record TeamAccess(String team, String permission, String path) {}
