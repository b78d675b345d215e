-- baocao: API tokens. A program (a script, another system) calls the JSON API under /api/v1
-- with `Authorization: Bearer <token>` and acts as the account the token belongs to, with
-- that account's role and fields. The token (`bc_` and 64 hex digits, shown once when it is
-- made) is never stored: only its SHA-256 (hex), so a copy of the database lets no one in.

-- name: what the token is for, e.g. "Đồng bộ DHIS2". expires_at NULL: it does not expire.
-- revoked_at NULL: not revoked. last_used_at: the last request it opened (to the minute).
-- Times are UTC, to the second.
CREATE TABLE api_token (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL REFERENCES app_user(username) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    expires_at    TEXT,
    revoked_at    TEXT
);
CREATE INDEX api_token_by_user ON api_token (username, id);
