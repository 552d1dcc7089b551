-- The audit log: who did what to which object, from where, and whether it succeeded. Rows are
-- only inserted, never updated. id is a random UUID. occurred_at is in milliseconds since the
-- Unix epoch. actor is the signed-in or attempted user name, or '' for anonymous callers and the
-- system. actor_kind is 'user', 'token', 'anonymous' or 'system'. outcome is 'success' or
-- 'failure'. details is a small JSON object of strings that never contains passwords, token
-- secrets, TOTP codes or webhook secrets.
CREATE TABLE audit_events (
  id VARCHAR(36) PRIMARY KEY,
  occurred_at BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  actor_kind VARCHAR(16) NOT NULL,
  client_address VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target_kind VARCHAR(32) NOT NULL,
  target_name VARCHAR(512) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  details TEXT NOT NULL
);

-- Newest first, alone and within each filter.
CREATE INDEX audit_events_time ON audit_events (occurred_at, id);
CREATE INDEX audit_events_actor ON audit_events (actor, occurred_at);
CREATE INDEX audit_events_action ON audit_events (action, occurred_at);
CREATE INDEX audit_events_namespace ON audit_events (namespace, occurred_at);
CREATE INDEX audit_events_target ON audit_events (target_name, occurred_at);
