/**
 * The JSON bodies of the accounts API as records, kept apart from the domain types. Field names
 * follow Docker Hub's API where it has the same resource ({@code token_label}, {@code date_joined},
 * {@code member_count}); {@link dev.berth.auth.api.JsonCodec} maps record components to snake_case.
 */
@NullMarked
package dev.berth.auth.api.json;

import org.jspecify.annotations.NullMarked;
