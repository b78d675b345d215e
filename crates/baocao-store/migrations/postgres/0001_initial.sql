-- baocao: the initial schema, as migrations/sqlite/0001_initial.sql with PostgreSQL's types.
-- Figures are keyed as DHIS2 keys them: (data element, category option combo, org unit,
-- period). The catalogue and the report template are kept as the text they were loaded
-- from; they are parsed and checked on every load.
--
-- Codes, ids and periods sort by byte, as in SQLite (COLLATE "C"), whatever the locale of
-- the database: reads return rows in the same order on both backends. Integers are BIGINT
-- because SQLite's INTEGER is 64-bit.

CREATE TABLE source_file (
    kind        TEXT COLLATE "C" PRIMARY KEY CHECK (kind IN ('catalog', 'report_template')),
    file_name   TEXT NOT NULL,
    text        TEXT NOT NULL,
    loaded_at   TIMESTAMP NOT NULL
);

CREATE TABLE org_unit (
    id      TEXT COLLATE "C" PRIMARY KEY,
    code    TEXT COLLATE "C" NOT NULL,
    level   TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa'))
);

CREATE TABLE org_unit_version (
    org_unit_id TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    name        TEXT NOT NULL,
    parent_id   TEXT COLLATE "C" REFERENCES org_unit(id),
    PRIMARY KEY (org_unit_id, valid_from)
);

CREATE TABLE data_value (
    data_element TEXT COLLATE "C" NOT NULL,
    coc          TEXT COLLATE "C" NOT NULL,
    org_unit     TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id),
    period       TEXT COLLATE "C" NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    decimals     BIGINT NOT NULL CHECK (decimals >= 0),
    as_typed     TEXT NOT NULL,
    origin       TEXT NOT NULL,      -- 'typed' or 'derived: <how>'
    stored_by    TEXT NOT NULL,
    stored_at    TIMESTAMP NOT NULL,
    comment      TEXT,
    PRIMARY KEY (data_element, coc, org_unit, period)
);
CREATE INDEX data_value_by_period ON data_value (period, org_unit);

CREATE TABLE stated_indicator_value (
    indicator    TEXT COLLATE "C" NOT NULL,
    coc          TEXT COLLATE "C" NOT NULL,
    org_unit     TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id),
    period       TEXT COLLATE "C" NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    decimals     BIGINT NOT NULL CHECK (decimals >= 0),
    as_typed     TEXT NOT NULL,
    stored_by    TEXT NOT NULL,
    stored_at    TIMESTAMP NOT NULL,
    comment      TEXT,
    PRIMARY KEY (indicator, coc, org_unit, period)
);

CREATE TABLE document (
    id           TEXT COLLATE "C" PRIMARY KEY,
    symbol       TEXT,
    doc_type     TEXT NOT NULL,
    date         DATE,
    issuer       TEXT NOT NULL,
    abstract     TEXT NOT NULL,
    field        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('advised', 'issued', 'cited')),
    period       TEXT COLLATE "C"
);
CREATE INDEX document_by_period ON document (period);

CREATE TABLE key_task (
    period  TEXT COLLATE "C" NOT NULL,
    number  BIGINT NOT NULL CHECK (number >= 1),
    field   TEXT NOT NULL,
    text    TEXT NOT NULL,
    status  TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
    result  TEXT,
    PRIMARY KEY (period, number)
);

CREATE TABLE narrative (
    period      TEXT COLLATE "C" NOT NULL,
    section     TEXT COLLATE "C" NOT NULL,
    text        TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (period, section)
);

CREATE TABLE report_issue (
    period      TEXT COLLATE "C" PRIMARY KEY,
    number      BIGINT,
    issued_on   DATE NOT NULL,
    ytd_cutoff  DATE NOT NULL,
    signer      TEXT NOT NULL
);
