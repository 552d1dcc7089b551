/**
 * The hub's HTTP side: the repository, tag, star and search endpoints of the JSON API under {@code
 * /api/v2/}, with Docker Hub's paths and field names, and {@code /v1/search} for {@code docker
 * search} and {@code podman search}.
 */
@NullMarked
package dev.berth.hub.api;

import org.jspecify.annotations.NullMarked;
