/**
 * The audit log's JSON API: {@code GET /api/v2/admin/audit-events} for administrators, added to
 * the accounts API through {@link dev.berth.auth.api.ApiModule}.
 */
@NullMarked
package dev.berth.audit.api;

import org.jspecify.annotations.NullMarked;
