/**
 * Berth's configuration: a tree of immutable records with defaults in code, loaded from a YAML
 * file and {@code BERTH_…} environment variables, and validated once before any port opens.
 */
@NullMarked
package dev.berth.server.config;

import org.jspecify.annotations.NullMarked;
