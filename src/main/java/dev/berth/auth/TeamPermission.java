package dev.berth.auth;

import dev.berth.oci.RepositoryName;

/**
 * A permission a team holds on one repository of its organization.
 *
 * @param repository the repository, always in the organization's namespace
 * @param permission what the team's members may do there
 */
public record TeamPermission(RepositoryName repository, RepositoryPermission permission) {}
