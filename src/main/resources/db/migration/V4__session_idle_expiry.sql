-- Web and API sessions end at the earlier of two times: expires_at, fixed at login, and
-- idle_expires_at, which moves forward while the session is used. Times are milliseconds since
-- the Unix epoch. No session service existed before this migration, so no row needs a real value.
ALTER TABLE sessions ADD COLUMN idle_expires_at BIGINT NOT NULL DEFAULT 0;

CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at);
