/**
 * Metadata database access: connection pools, schema migrations and the SQL dialect in use.
 *
 * <p>Berth runs on SQLite (the embedded default, one file in WAL mode) or PostgreSQL (for
 * scale-out). Both run the same Flyway migrations from {@code db/migration}, so SQL there and in
 * the feature stores stays within what both accept. Features own their tables and SQL; this room
 * only hands out {@link org.jdbi.v3.core.Jdbi} handles.
 */
@NullMarked
package dev.berth.db;

import org.jspecify.annotations.NullMarked;
