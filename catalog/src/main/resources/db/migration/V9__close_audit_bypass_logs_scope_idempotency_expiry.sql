-- 1. The audit's SECURITY DEFINER functions looked names up in the search_path captured when they were created,
--    with pg_temp searched first (PostgreSQL searches it first unless it is listed): a session could create a
--    temporary catalog_audit or api_key and make the owner's functions write to, or read from, its own table. They
--    now resolve names in this schema only, the temporary schema last; and the service roles may not create
--    temporary tables at all (issue 19 item 5).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION catalog_audit_record() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION record_key_expiries() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION catalog_actor() SET search_path = %I, pg_temp', current_schema());
    -- Takes effect where this role owns the database (the local stack, the test fixtures, docker-compose); a DBA
    -- revokes it elsewhere (docs/security.md).
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- 2. Writing completion logs (prompts and completions) is a scope of its own: an ingest key in a browser widget
--    could rewrite every prompt of its project (issue 19 item 6). Keys that could ingest before keep writing logs;
--    ingest keys issued from now on do not, unless given 'logs'.
ALTER TABLE api_key DROP CONSTRAINT api_key_scopes_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_scopes_check
    CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['ingest', 'logs', 'read', 'admin']::text[]);
UPDATE api_key SET scopes = array_append(scopes, 'logs') WHERE 'ingest' = ANY (scopes) AND NOT 'logs' = ANY (scopes);

-- 3. Idempotency-Keys belong to the API key that used them, so one key cannot pre-claim another's, and expire: a key
--    older than the window (pipeline.gateway.idempotency.window) may be used afresh, and the gateway prunes old
--    rows in bounded steps through the one function that does only that (issue 19 item 12). Rows from before were
--    keyed by project and cannot be told apart by key; they are dropped (a retry across the upgrade publishes the
--    same content under a new event id, which the merge leaves at the same values).
DELETE FROM idempotency_key;
ALTER TABLE idempotency_key ADD COLUMN api_key_id uuid NOT NULL REFERENCES api_key (id) ON DELETE CASCADE;
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
ALTER TABLE idempotency_key ADD PRIMARY KEY (api_key_id, key);
GRANT UPDATE ON idempotency_key TO ${gateway_role};

CREATE FUNCTION prune_idempotency_keys(older_than interval, max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    pruned integer;
BEGIN
    -- Never less than an hour, whoever asks: a client's retry within that is always recognised.
    DELETE FROM idempotency_key
     WHERE ctid IN (SELECT ctid FROM idempotency_key
                     WHERE created_at < now() - greatest(older_than, interval '1 hour')
                     ORDER BY created_at
                     LIMIT greatest(least(max_rows, 100000), 0)
                       FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS pruned = ROW_COUNT;
    RETURN pruned;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION prune_idempotency_keys(interval, integer) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;
REVOKE ALL ON FUNCTION prune_idempotency_keys(interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_idempotency_keys(interval, integer) TO ${gateway_role};
