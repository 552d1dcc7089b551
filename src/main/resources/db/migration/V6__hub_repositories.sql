-- Hub metadata: what Docker Hub shows about a repository beyond its content. Each table hangs off a
-- registry row and goes with it (ON DELETE CASCADE). Times are milliseconds since the Unix epoch.

-- One row per repository. namespace is the first component of the name (the user or organization
-- that owns it), stored so that a namespace's page is one index range. updated_at is
-- last_updated: the last push or change of description or visibility. pull_count and star_count
-- are counters kept here so that sorting a page by them reads no other table.
CREATE TABLE hub_repositories (
  name VARCHAR(255) PRIMARY KEY REFERENCES repositories (name) ON DELETE CASCADE,
  namespace VARCHAR(255) NOT NULL,
  description VARCHAR(100) NOT NULL DEFAULT '',
  full_description TEXT NOT NULL DEFAULT '',
  created_by VARCHAR(64),
  pull_count BIGINT NOT NULL DEFAULT 0,
  star_count BIGINT NOT NULL DEFAULT 0,
  last_pushed_at BIGINT,
  last_pulled_at BIGINT,
  updated_at BIGINT NOT NULL
);

CREATE INDEX hub_repositories_namespace_name ON hub_repositories (namespace, name);
CREATE INDEX hub_repositories_updated ON hub_repositories (updated_at, name);
CREATE INDEX hub_repositories_pulls ON hub_repositories (pull_count, name);

-- Who last moved a tag, and when it was last pulled by tag.
CREATE TABLE hub_tags (
  repository VARCHAR(255) NOT NULL,
  name VARCHAR(128) NOT NULL,
  pushed_by VARCHAR(64),
  pushed_at BIGINT NOT NULL,
  last_pulled_at BIGINT,
  PRIMARY KEY (repository, name),
  FOREIGN KEY (repository, name) REFERENCES tags (repository, name) ON DELETE CASCADE
);

-- The Docker Hub tag page sorts by last push; the registry's tags table keeps its time there.
CREATE INDEX tags_repository_updated ON tags (repository, updated_at, name);

-- A summary of a manifest, computed once at push: full_size is the compressed size of config
-- and layers (for an index, the sum over its images), and images a JSON array of
-- {digest, size, os, architecture, variant, os_version} with null platform fields for artifacts.
CREATE TABLE hub_manifests (
  repository VARCHAR(255) NOT NULL,
  digest VARCHAR(200) NOT NULL,
  full_size BIGINT NOT NULL,
  images TEXT NOT NULL,
  PRIMARY KEY (repository, digest),
  FOREIGN KEY (repository, digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
);

-- A user's star on a repository.
CREATE TABLE hub_stars (
  repository VARCHAR(255) NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
  username VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (repository, username)
);

CREATE INDEX hub_stars_username ON hub_stars (username);
