-- baocao: reporting units and submissions. Org units that are not administrative units (a
-- division of the Sở, an enterprise) report data sets too; an account may be tied to the
-- reporting unit it enters for; and the first and last submission of each data set of an
-- org unit for a period is kept, to tell on-time from late reports (Nghị định 09/2019/NĐ-CP,
-- Điều 13: deadlines).

-- hanh_chinh: a province, district or commune; co_quan: a division or agency; doanh_nghiep:
-- an enterprise. Units stored before this migration are administrative.
ALTER TABLE org_unit ADD COLUMN kind TEXT NOT NULL DEFAULT 'hanh_chinh'
    CHECK (kind IN ('hanh_chinh', 'co_quan', 'doanh_nghiep'));

-- The reporting unit an account enters for; NULL: the department's own staff, who enter by
-- field as before.
ALTER TABLE app_user ADD COLUMN org_unit TEXT REFERENCES org_unit(id);

-- When (UTC, to the second) and by whom a data set of an org unit was first and last
-- submitted for a period. Written with the status move to `submitted`, in its transaction.
CREATE TABLE submission (
    data_set            TEXT NOT NULL,
    org_unit            TEXT NOT NULL REFERENCES org_unit(id),
    period              TEXT NOT NULL,
    first_submitted_at  TEXT NOT NULL,
    first_submitted_by  TEXT NOT NULL,
    last_submitted_at   TEXT NOT NULL,
    last_submitted_by   TEXT NOT NULL,
    PRIMARY KEY (data_set, org_unit, period)
);
CREATE INDEX submission_by_period ON submission (period);
