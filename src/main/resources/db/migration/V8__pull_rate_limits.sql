-- Pull rate limits: how many manifest pulls one subject made in one fixed window. A subject is
-- 'account:NAME' for a signed-in account or 'address:IP' for anonymous callers (an IPv6 caller
-- is counted by its /64 network). window_start is the start of the window in milliseconds since
-- the Unix epoch. Nodes add their counts with INSERT … ON CONFLICT DO UPDATE SET pulls = pulls +
-- excluded.pulls, so several nodes share one count.
CREATE TABLE pull_counts (
  subject VARCHAR(128) NOT NULL,
  window_start BIGINT NOT NULL,
  pulls BIGINT NOT NULL,
  PRIMARY KEY (subject, window_start)
);

-- Rows of windows that have ended are deleted by window_start.
CREATE INDEX pull_counts_window_start ON pull_counts (window_start);

-- Pull limits of single accounts that administrators set through the API. They take precedence
-- over rate_limits.overrides in the configuration. A NULL pull_limit means unlimited. updated_at
-- is in milliseconds since the Unix epoch.
CREATE TABLE pull_limit_overrides (
  account VARCHAR(64) PRIMARY KEY,
  pull_limit BIGINT,
  updated_by VARCHAR(64) NOT NULL,
  updated_at BIGINT NOT NULL
);
