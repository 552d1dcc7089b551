/**
 * The audit room: an append-only log of who did what, from which address, and whether it
 * succeeded. Rooms call {@link dev.berth.audit.AuditLog#record} inside the transaction of the change
 * they describe, so an event commits or rolls back with it; failures that change nothing (a
 * rejected sign-in) are recorded in their own transaction. Administrators read the log through
 * {@link dev.berth.audit.AuditLog#search}. The room uses only {@code db}, so every room above may
 * record.
 */
@NullMarked
package dev.berth.audit;

import org.jspecify.annotations.NullMarked;
