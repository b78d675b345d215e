-- baocao: the initial schema. Figures are keyed as DHIS2 keys them: (data element,
-- category option combo, org unit, period). The catalogue and the report template are kept
-- as the text they were loaded from; they are parsed and checked on every load.

CREATE TABLE source_file (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('catalog', 'report_template')),
    file_name   TEXT NOT NULL,
    text        TEXT NOT NULL,
    loaded_at   TEXT NOT NULL
);

CREATE TABLE org_unit (
    id      TEXT PRIMARY KEY,
    code    TEXT NOT NULL,
    level   TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa'))
);

CREATE TABLE org_unit_version (
    org_unit_id TEXT NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES org_unit(id),
    PRIMARY KEY (org_unit_id, valid_from)
);

CREATE TABLE data_value (
    data_element TEXT NOT NULL,
    coc          TEXT NOT NULL,
    org_unit     TEXT NOT NULL REFERENCES org_unit(id),
    period       TEXT NOT NULL,
    value        REAL NOT NULL,
    decimals     INTEGER NOT NULL CHECK (decimals >= 0),
    as_typed     TEXT NOT NULL,
    origin       TEXT NOT NULL,      -- 'typed' or 'derived: <how>'
    stored_by    TEXT NOT NULL,
    stored_at    TEXT NOT NULL,
    comment      TEXT,
    PRIMARY KEY (data_element, coc, org_unit, period)
);
CREATE INDEX data_value_by_period ON data_value (period, org_unit);

CREATE TABLE stated_indicator_value (
    indicator    TEXT NOT NULL,
    coc          TEXT NOT NULL,
    org_unit     TEXT NOT NULL REFERENCES org_unit(id),
    period       TEXT NOT NULL,
    value        REAL NOT NULL,
    decimals     INTEGER NOT NULL CHECK (decimals >= 0),
    as_typed     TEXT NOT NULL,
    stored_by    TEXT NOT NULL,
    stored_at    TEXT NOT NULL,
    comment      TEXT,
    PRIMARY KEY (indicator, coc, org_unit, period)
);

CREATE TABLE document (
    id           TEXT PRIMARY KEY,
    symbol       TEXT,
    doc_type     TEXT NOT NULL,
    date         TEXT,
    issuer       TEXT NOT NULL,
    abstract     TEXT NOT NULL,
    field        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('advised', 'issued', 'cited')),
    period       TEXT
);
CREATE INDEX document_by_period ON document (period);

CREATE TABLE key_task (
    period  TEXT NOT NULL,
    number  INTEGER NOT NULL CHECK (number >= 1),
    field   TEXT NOT NULL,
    text    TEXT NOT NULL,
    status  TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
    result  TEXT,
    PRIMARY KEY (period, number)
);

CREATE TABLE narrative (
    period      TEXT NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (period, section)
);

CREATE TABLE report_issue (
    period      TEXT PRIMARY KEY,
    number      INTEGER,
    issued_on   TEXT NOT NULL,
    ytd_cutoff  TEXT NOT NULL,
    signer      TEXT NOT NULL
);
