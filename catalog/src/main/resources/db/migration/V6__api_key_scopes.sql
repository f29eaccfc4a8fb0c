-- What a key may do in its project (ingest, read, admin). Keys issued before scopes keep everything they could do;
-- a key issued from now on says what it may do (feedbackctl defaults to ingest). An optional expiry lets a key be
-- rotated with an overlap.
ALTER TABLE api_key ADD COLUMN scopes text[] NOT NULL DEFAULT '{ingest,read,admin}'
    CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['ingest', 'read', 'admin']::text[]);
ALTER TABLE api_key ALTER COLUMN scopes DROP DEFAULT;
ALTER TABLE api_key ADD COLUMN expires_at timestamptz;
