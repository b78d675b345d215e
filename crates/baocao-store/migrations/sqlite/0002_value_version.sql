-- baocao: versions of data values, for writers that must not overwrite each other's changes
-- (Store::set_value), and the order of the document register kept in a column.
--
-- A version is a change number. Every write (a load, one edited value) takes the next
-- number from change_counter, and the rows it writes carry it. Numbers are never reused, so
-- a value deleted and stored again never gets a version someone read before. Rows stored
-- before this migration have version 0. PostgreSQL keeps the counter in a sequence.

ALTER TABLE data_value ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    last  INTEGER NOT NULL
);
INSERT INTO change_counter (id, last) VALUES (1, 0);

-- The register order was the rowid; PostgreSQL has none, so both keep it in `seq`.
ALTER TABLE document ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE document SET seq = rowid;
