-- baocao: accounts and web sessions, the append-only audit log, and the approval workflow
-- of a data set (for now a field code: cntt, bcvt …) for an org unit and a period.

-- A person who signs in. password_hash is an argon2id PHC string
-- ($argon2id$v=19$m=…,t=…,p=…$salt$hash), never the password. role: quan_tri (administers),
-- chuyen_vien (enters the figures of `fields`), lanh_dao (reviews and approves). fields: the
-- field codes the user enters, comma-separated (e.g. `cntt,bcvt`), empty for none.
CREATE TABLE app_user (
    username       TEXT PRIMARY KEY,
    full_name      TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('quan_tri', 'chuyen_vien', 'lanh_dao')),
    fields         TEXT NOT NULL DEFAULT '',
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 (hex) is stored, so
-- a copy of the database does not let anyone in.
CREATE TABLE web_session (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES app_user(username) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX web_session_by_user ON web_session (username);
CREATE INDEX web_session_by_expiry ON web_session (expires_at);

-- Who changed what, when, from what to what. Append-only: the triggers below refuse UPDATE
-- and DELETE (a restore of a backup replaces the log whole, in its own transaction).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    period     TEXT,
    old_value  TEXT,
    new_value  TEXT,
    reason     TEXT
);
CREATE INDEX audit_log_by_period ON audit_log (period, id);
CREATE INDEX audit_log_by_entity ON audit_log (entity, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;

-- Where a data set of an org unit stands for a period. No row: draft.
CREATE TABLE approval (
    data_set    TEXT NOT NULL,
    org_unit    TEXT NOT NULL REFERENCES org_unit(id),
    period      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (data_set, org_unit, period)
);
CREATE INDEX approval_by_period ON approval (period);
