/**
 * The JSON bodies of the webhooks API as records, kept apart from the domain types; {@link
 * dev.berth.auth.api.JsonCodec} maps record components to snake_case.
 */
@NullMarked
package dev.berth.webhooks.json;

import org.jspecify.annotations.NullMarked;
