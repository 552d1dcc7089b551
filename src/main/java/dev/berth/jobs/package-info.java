/**
 * Durable background jobs: rows of one {@code jobs} table written in the transaction of the change
 * that causes them (an outbox), claimed by workers with an expiring lease, retried with back-off
 * and taken over when the node that held them dies. Webhook deliveries are the first kind; scans
 * and garbage-collection reviews are meant to use the same table.
 */
@NullMarked
package dev.berth.jobs;

import org.jspecify.annotations.NullMarked;
