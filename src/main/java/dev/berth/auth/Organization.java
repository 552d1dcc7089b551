package dev.berth.auth;

import java.time.Instant;

/**
 * An organization: a namespace whose repositories its owners and teams manage.
 *
 * @param name the organization's name, which is also its namespace
 * @param createdAt when the organization was created
 */
public record Organization(String name, Instant createdAt) {}
