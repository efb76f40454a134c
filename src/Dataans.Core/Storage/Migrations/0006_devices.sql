-- Which device wrote each operation (null for operations that do not say, e.g. the original's), and
-- the name each device is known by: the name carried by its newest operation, or set here for this
-- device. The id of this device itself is kept in meta under 'device_id'.
ALTER TABLE operations ADD COLUMN device_id BLOB;

CREATE TABLE devices (
    id       BLOB PRIMARY KEY,
    name     TEXT    NOT NULL,
    named_at INTEGER NOT NULL
);
