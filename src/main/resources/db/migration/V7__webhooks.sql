-- Background jobs: one row per unit of work (a webhook delivery, later scans and GC reviews).
-- A worker claims a due row by writing its lease; a lease that expired (the node died) may be
-- claimed again. state is 'pending' until the job is 'done' or 'failed' (given up).
CREATE TABLE jobs (
  id VARCHAR(36) PRIMARY KEY,
  kind VARCHAR(64) NOT NULL,
  payload TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner VARCHAR(64),
  lease_expires_at BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);

CREATE INDEX jobs_due ON jobs (state, next_attempt_at);

-- A webhook of one repository (scope_kind 'repository', scope_name 'ns/app') or of a whole
-- namespace (scope_kind 'namespace', scope_name 'ns'). events is a comma-separated list of event
-- types. secret keys the HMAC-SHA256 signature of each delivery.
CREATE TABLE webhooks (
  id VARCHAR(36) PRIMARY KEY,
  scope_kind VARCHAR(16) NOT NULL,
  scope_name VARCHAR(255) NOT NULL,
  name VARCHAR(100) NOT NULL,
  url TEXT NOT NULL,
  format VARCHAR(16) NOT NULL,
  events TEXT NOT NULL,
  min_severity VARCHAR(16),
  secret TEXT NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX webhooks_scope ON webhooks (scope_kind, scope_name);

-- One row per delivery attempt of an event to a webhook. delivery_id is the job's id, the same
-- for every attempt; event_id is the same for every webhook the event went to.
CREATE TABLE webhook_deliveries (
  id VARCHAR(36) PRIMARY KEY,
  webhook_id VARCHAR(36) NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  delivery_id VARCHAR(36) NOT NULL,
  event_id VARCHAR(36) NOT NULL,
  event_type VARCHAR(32) NOT NULL,
  attempt INTEGER NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  status_code INTEGER,
  duration_ms BIGINT NOT NULL,
  error TEXT,
  attempted_at BIGINT NOT NULL
);

CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, attempted_at);
