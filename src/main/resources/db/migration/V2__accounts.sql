-- Accounts and access: users, organizations, teams, access tokens, two-factor recovery codes,
-- login throttling and web sessions. Times are milliseconds since the Unix epoch.

-- Repositories are private unless made public; pushes that create one use the configured default.
ALTER TABLE repositories ADD COLUMN is_private BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE users (
  username VARCHAR(64) PRIMARY KEY,
  email VARCHAR(320) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  is_admin BOOLEAN NOT NULL DEFAULT FALSE,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  -- Base32 TOTP secret; totp_enabled turns on only after the first code is confirmed.
  totp_secret VARCHAR(64),
  totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
  -- The last 30-second step a code was accepted for, so a code cannot be replayed.
  totp_last_step BIGINT,
  created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE organizations (
  name VARCHAR(64) PRIMARY KEY,
  created_at BIGINT NOT NULL
);

-- role is 'owner' or 'member'.
CREATE TABLE organization_members (
  organization VARCHAR(64) NOT NULL REFERENCES organizations (name) ON DELETE CASCADE,
  username VARCHAR(64) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  role VARCHAR(16) NOT NULL,
  PRIMARY KEY (organization, username)
);

CREATE TABLE teams (
  organization VARCHAR(64) NOT NULL REFERENCES organizations (name) ON DELETE CASCADE,
  name VARCHAR(64) NOT NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (organization, name)
);

CREATE TABLE team_members (
  organization VARCHAR(64) NOT NULL,
  team VARCHAR(64) NOT NULL,
  username VARCHAR(64) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  PRIMARY KEY (organization, team, username),
  FOREIGN KEY (organization, team) REFERENCES teams (organization, name) ON DELETE CASCADE
);

-- permission is 'read', 'write' or 'admin'.
CREATE TABLE team_permissions (
  organization VARCHAR(64) NOT NULL,
  team VARCHAR(64) NOT NULL,
  repository VARCHAR(255) NOT NULL,
  permission VARCHAR(16) NOT NULL,
  PRIMARY KEY (organization, team, repository),
  FOREIGN KEY (organization, team) REFERENCES teams (organization, name) ON DELETE CASCADE
);

-- owner_kind is 'user' or 'organization'. Only the SHA-256 of the secret is stored.
-- repositories is a JSON array of repository names the token is limited to, or NULL for none.
CREATE TABLE access_tokens (
  id VARCHAR(64) PRIMARY KEY,
  owner_kind VARCHAR(16) NOT NULL,
  owner VARCHAR(64) NOT NULL,
  name VARCHAR(100) NOT NULL,
  secret_hash VARCHAR(128) NOT NULL,
  scope VARCHAR(32) NOT NULL,
  repositories TEXT,
  created_by VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  last_used_address VARCHAR(64),
  revoked_at BIGINT
);

CREATE UNIQUE INDEX access_tokens_secret ON access_tokens (secret_hash);
CREATE INDEX access_tokens_owner ON access_tokens (owner_kind, owner);

-- Ten single-use codes per user, stored as SHA-256 hashes.
CREATE TABLE recovery_codes (
  username VARCHAR(64) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  code_hash VARCHAR(128) NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (username, code_hash)
);

-- Failed logins per key ('user:NAME' or 'address:IP'); locked_until grows exponentially.
CREATE TABLE login_failures (
  throttle_key VARCHAR(128) PRIMARY KEY,
  failures INT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);

-- Web and API sessions; only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
  id_hash VARCHAR(128) PRIMARY KEY,
  username VARCHAR(64) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  csrf_token VARCHAR(128) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_expiry ON sessions (expires_at);
