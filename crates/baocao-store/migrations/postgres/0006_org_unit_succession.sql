-- baocao: successions between org units, as migrations/sqlite/0006_org_unit_succession.sql
-- with PostgreSQL's types. Where a unit that ceased went (Nghị quyết 202/2025/QH15); a unit
-- split between several successors has one row each, in the order its file listed them.

CREATE TABLE org_unit_succession (
    predecessor TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    successor   TEXT COLLATE "C" NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    valid_from  DATE NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (predecessor, successor)
);
