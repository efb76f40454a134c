-- Which checksum the server holds for each operation: the seed digest (0: everything synced before this
-- migration, and every v1 push) or the keyed checksum of v2 (1). Block hashes are compared in that form.
ALTER TABLE operations ADD COLUMN checksum_keyed INTEGER NOT NULL DEFAULT 0;
