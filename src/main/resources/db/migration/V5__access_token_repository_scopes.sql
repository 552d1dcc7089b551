-- Per-repository scopes of an access token: a JSON object of full repository name to scope string,
-- such as {"acme/app":"repo:write"}. NULL means the token has none and uses scope and repositories.
-- Existing tokens keep NULL, so they behave as before.
ALTER TABLE access_tokens ADD COLUMN repository_scopes TEXT;
