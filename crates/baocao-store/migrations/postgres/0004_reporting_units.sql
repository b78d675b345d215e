-- baocao: reporting units and submissions; as migrations/sqlite/0004_reporting_units.sql
-- with PostgreSQL's types.

ALTER TABLE org_unit ADD COLUMN kind TEXT NOT NULL DEFAULT 'hanh_chinh'
    CHECK (kind IN ('hanh_chinh', 'co_quan', 'doanh_nghiep'));

ALTER TABLE app_user ADD COLUMN org_unit TEXT COLLATE "C" REFERENCES org_unit(id);

CREATE TABLE submission (
    data_set            TEXT COLLATE "C" NOT NULL,
    org_unit            TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id),
    period              TEXT COLLATE "C" NOT NULL,
    first_submitted_at  TIMESTAMP NOT NULL,
    first_submitted_by  TEXT NOT NULL,
    last_submitted_at   TIMESTAMP NOT NULL,
    last_submitted_by   TEXT NOT NULL,
    PRIMARY KEY (data_set, org_unit, period)
);
CREATE INDEX submission_by_period ON submission (period);
