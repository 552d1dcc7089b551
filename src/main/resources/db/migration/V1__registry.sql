-- Registry metadata: repositories, blobs and their links, manifests, tags and upload sessions.
-- Times are milliseconds since the Unix epoch. SQL here runs unchanged on SQLite and PostgreSQL.

CREATE TABLE repositories (
  name VARCHAR(255) PRIMARY KEY,
  created_at BIGINT NOT NULL
);

-- One row per digest. storage_key locates the bytes; state is 'live' or 'deleting'.
CREATE TABLE blobs (
  digest VARCHAR(200) PRIMARY KEY,
  size BIGINT NOT NULL,
  storage_key VARCHAR(400) NOT NULL,
  state VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL
);

-- A blob is readable through a repository only when linked to it.
CREATE TABLE repository_blobs (
  repository VARCHAR(255) NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
  digest VARCHAR(200) NOT NULL REFERENCES blobs (digest),
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (repository, digest)
);

CREATE INDEX repository_blobs_digest ON repository_blobs (digest);

-- Manifest bytes are kept exactly as pushed, in content.
CREATE TABLE manifests (
  repository VARCHAR(255) NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
  digest VARCHAR(200) NOT NULL,
  media_type VARCHAR(255) NOT NULL,
  artifact_type VARCHAR(255),
  subject_digest VARCHAR(200),
  annotations TEXT,
  size BIGINT NOT NULL,
  content BYTEA NOT NULL,
  pushed_at BIGINT NOT NULL,
  PRIMARY KEY (repository, digest)
);

CREATE INDEX manifests_subject ON manifests (repository, subject_digest);

-- Edges of the reference graph: kind is 'blob' (config and layers) or 'manifest' (index children).
CREATE TABLE manifest_references (
  repository VARCHAR(255) NOT NULL,
  manifest_digest VARCHAR(200) NOT NULL,
  target_digest VARCHAR(200) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  PRIMARY KEY (repository, manifest_digest, target_digest, kind),
  FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
);

CREATE INDEX manifest_references_target ON manifest_references (repository, target_digest);

CREATE TABLE tags (
  repository VARCHAR(255) NOT NULL,
  name VARCHAR(128) NOT NULL,
  manifest_digest VARCHAR(200) NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (repository, name),
  FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
);

CREATE INDEX tags_manifest ON tags (repository, manifest_digest);

-- Upload sessions; the staged bytes live in the blob store under the same id.
CREATE TABLE uploads (
  id VARCHAR(64) PRIMARY KEY,
  repository VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX uploads_updated ON uploads (updated_at);
