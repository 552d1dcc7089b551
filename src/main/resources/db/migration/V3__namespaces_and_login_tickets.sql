-- One namespace per name across users and organizations, and tickets for two-step logins.
-- Times are milliseconds since the Unix epoch.

-- Every user and organization name. Its primary key keeps a user and an organization from
-- sharing a name even when both are created at once. A check across two tables cannot do that,
-- because under PostgreSQL's READ COMMITTED each transaction sees neither new row.
-- kind is 'user' or 'organization'.
CREATE TABLE namespaces (
  name VARCHAR(64) PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL
);

INSERT INTO namespaces (name, kind, created_at)
  SELECT username, 'user', created_at FROM users;
-- SQLite parses ON CONFLICT after INSERT ... SELECT only when the SELECT has a WHERE clause.
INSERT INTO namespaces (name, kind, created_at)
  SELECT name, 'organization', created_at FROM organizations WHERE TRUE
  ON CONFLICT (name) DO NOTHING;

-- A password was accepted and the second factor is still due. Only the SHA-256 of the ticket
-- is stored; a ticket is deleted when used, after too many wrong codes, or once expired.
CREATE TABLE login_tickets (
  ticket_hash VARCHAR(128) PRIMARY KEY,
  username VARCHAR(64) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  failed_attempts INT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX login_tickets_expiry ON login_tickets (expires_at);

-- The authorizer and the account pages look memberships up by user.
CREATE INDEX organization_members_username ON organization_members (username);
CREATE INDEX team_members_username ON team_members (username);
