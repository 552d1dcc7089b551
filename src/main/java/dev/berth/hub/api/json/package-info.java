/**
 * The hub API's JSON bodies, with Docker Hub's field names: record components are written in
 * snake_case by {@link dev.berth.auth.api.JsonCodec}, and times are RFC 3339 strings in UTC.
 */
@NullMarked
package dev.berth.hub.api.json;

import org.jspecify.annotations.NullMarked;
