-- The account's inbox settings (which space captures land in), sealed in the account's envelope.
ALTER TABLE inbox_keys ADD COLUMN sealed_settings BYTEA NULL;
