-- baocao: accounts and web sessions, the append-only audit log, and the approval workflow;
-- as migrations/sqlite/0003_accounts_audit_workflow.sql with PostgreSQL's types.

CREATE TABLE app_user (
    username       TEXT COLLATE "C" PRIMARY KEY,
    full_name      TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('quan_tri', 'chuyen_vien', 'lanh_dao')),
    fields         TEXT NOT NULL DEFAULT '',
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE web_session (
    token_hash  TEXT COLLATE "C" PRIMARY KEY,
    username    TEXT COLLATE "C" NOT NULL REFERENCES app_user(username) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX web_session_by_user ON web_session (username);
CREATE INDEX web_session_by_expiry ON web_session (expires_at);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    actor      TEXT COLLATE "C" NOT NULL,
    action     TEXT COLLATE "C" NOT NULL,
    entity     TEXT COLLATE "C" NOT NULL,
    period     TEXT COLLATE "C",
    old_value  TEXT,
    new_value  TEXT,
    reason     TEXT
);
CREATE INDEX audit_log_by_period ON audit_log (period, id);
CREATE INDEX audit_log_by_entity ON audit_log (entity, id);

-- Append-only: UPDATE, DELETE and TRUNCATE are refused. (pg_restore --clean drops and
-- recreates the table with its trigger.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE approval (
    data_set    TEXT COLLATE "C" NOT NULL,
    org_unit    TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id),
    period      TEXT COLLATE "C" NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    changed_by  TEXT NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (data_set, org_unit, period)
);
CREATE INDEX approval_by_period ON approval (period);
