/**
 * Webhooks: per repository or per namespace, each with a URL, a payload format (Docker Hub,
 * CloudEvents 1.0 or Slack) and the events it wants. A registry change writes one delivery job per
 * subscribed webhook in its own transaction ({@link dev.berth.webhooks.WebhookOutbox}); the job
 * worker posts it, signed with HMAC-SHA256, retrying with exponential back-off for 24 hours. Every
 * URL passes {@link dev.berth.webhooks.UrlGuard} at creation and again at each delivery, and the
 * connection goes to the very addresses the guard checked.
 */
@NullMarked
package dev.berth.webhooks;

import org.jspecify.annotations.NullMarked;
