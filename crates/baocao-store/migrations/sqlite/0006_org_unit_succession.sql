-- baocao: successions between org units, stored with the units they join. Where a unit that
-- ceased went: a district's or commune's area passed to a new commune, a province merged into
-- another (Nghị quyết 202/2025/QH15; docs/standards.md §4). A unit split between several
-- successors has one row each, in the order its file listed them (`position`): when neither
-- successor keeps the code or the name, the first listed takes the figures.

CREATE TABLE org_unit_succession (
    predecessor TEXT NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    successor   TEXT NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    valid_from  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (predecessor, successor)
);
