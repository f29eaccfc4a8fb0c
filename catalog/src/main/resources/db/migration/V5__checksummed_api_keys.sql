-- Keys issued from now on end in a checksum, so the gateway refuses a random or mistyped key without asking the
-- database. Keys issued before keep working: they are marked here, and the gateway holds the set of their hashes.
ALTER TABLE api_key ADD COLUMN checksummed boolean NOT NULL DEFAULT false;
