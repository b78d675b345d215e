-- baocao: API tokens; as migrations/sqlite/0005_api_token.sql with PostgreSQL's types.

CREATE TABLE api_token (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT COLLATE "C" NOT NULL REFERENCES app_user(username) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    expires_at    TIMESTAMP,
    revoked_at    TIMESTAMP
);
CREATE INDEX api_token_by_user ON api_token (username, id);
