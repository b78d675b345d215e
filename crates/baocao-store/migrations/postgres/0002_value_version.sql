-- baocao: versions of data values, for writers that must not overwrite each other's changes
-- (Store::set_value), and the order of the document register kept in a column; as
-- migrations/sqlite/0002_value_version.sql.
--
-- A version is a change number. Every write (a load, one edited value) takes the next
-- number from the sequence change_number, and the rows it writes carry it. Numbers are never
-- reused, so a value deleted and stored again never gets a version someone read before. A
-- sequence rather than SQLite's counter row: writers do not queue on it.

ALTER TABLE data_value ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE SEQUENCE change_number AS BIGINT;

ALTER TABLE document ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
