-- The key audit becomes the catalog audit: keys issued, revoked and expired, and projects, endpoints and feedback
-- types created. Triggers write it, not the writers: whoever changes the catalog (feedbackctl, the gateway's
-- POST /v1/feedback-types, a DBA at a psql prompt) is recorded in the same transaction, and no writer needs, or
-- has, any privilege on the audit itself. A writer may name itself (the OS user, the API key's prefix) in the
-- transaction-local setting feedbackpipeline.actor; the database login role is always appended, so a writer can
-- add to who it is but not replace it.
ALTER TABLE key_audit RENAME TO catalog_audit;
ALTER INDEX key_audit_project_idx RENAME TO catalog_audit_project_idx;
ALTER TABLE catalog_audit DROP CONSTRAINT key_audit_action_check;
ALTER TABLE catalog_audit ADD CONSTRAINT catalog_audit_action_check CHECK (action IN (
    'key-issued', 'key-revoked', 'key-expired', 'project-created', 'endpoint-created', 'feedback-type-created'));
-- Built-in feedback types (added by a migration) belong to no project; only key actions name a key.
ALTER TABLE catalog_audit ALTER COLUMN project_id DROP NOT NULL;
ALTER TABLE catalog_audit ALTER COLUMN api_key_id DROP NOT NULL;
-- The id of what changed (key, project, endpoint: a uuid; feedback type: an integer), as text.
ALTER TABLE catalog_audit ADD COLUMN subject text;
UPDATE catalog_audit SET subject = api_key_id::text;
ALTER TABLE catalog_audit ALTER COLUMN subject SET NOT NULL;
-- A key expires once: recording its expiry again (two gateways at the same moment) is a no-op.
CREATE UNIQUE INDEX catalog_audit_key_expired_once ON catalog_audit (api_key_id) WHERE action = 'key-expired';

CREATE FUNCTION catalog_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('feedbackpipeline.actor', true), ''), 'unnamed') || ' (' || session_user || ')'
$$;

CREATE FUNCTION catalog_audit_record() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_TABLE_NAME = 'project' THEN
        INSERT INTO catalog_audit (actor, action, project_id, subject, detail)
        VALUES (catalog_actor(), 'project-created', NEW.id, NEW.id::text, 'name=' || NEW.name);
    ELSIF TG_TABLE_NAME = 'endpoint' THEN
        INSERT INTO catalog_audit (actor, action, project_id, subject, detail)
        VALUES (catalog_actor(), 'endpoint-created', NEW.project_id, NEW.id::text, 'name=' || NEW.name);
    ELSIF TG_TABLE_NAME = 'feedback_type' THEN
        INSERT INTO catalog_audit (actor, action, project_id, subject, detail)
        VALUES (catalog_actor(), 'feedback-type-created', NEW.project_id, NEW.id::text,
                'name=' || NEW.name || ' kind=' || NEW.kind
                    || coalesce(' min=' || NEW.min_value, '') || coalesce(' max=' || NEW.max_value, ''));
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO catalog_audit (actor, action, project_id, api_key_id, subject, detail)
        VALUES (catalog_actor(), 'key-issued', NEW.project_id, NEW.id, NEW.id::text,
                'prefix=' || NEW.key_prefix || ' name=' || NEW.name || ' scopes=' || array_to_string(NEW.scopes, ',')
                    || coalesce(' expires_at=' || to_char(NEW.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''));
    ELSE
        INSERT INTO catalog_audit (actor, action, project_id, api_key_id, subject, detail)
        VALUES (catalog_actor(), 'key-revoked', NEW.project_id, NEW.id, NEW.id::text, 'prefix=' || NEW.key_prefix);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION catalog_audit_record() FROM PUBLIC;

CREATE TRIGGER project_audited AFTER INSERT ON project FOR EACH ROW EXECUTE FUNCTION catalog_audit_record();
CREATE TRIGGER endpoint_audited AFTER INSERT ON endpoint FOR EACH ROW EXECUTE FUNCTION catalog_audit_record();
CREATE TRIGGER feedback_type_audited AFTER INSERT ON feedback_type
    FOR EACH ROW EXECUTE FUNCTION catalog_audit_record();
CREATE TRIGGER api_key_issued_audited AFTER INSERT ON api_key FOR EACH ROW EXECUTE FUNCTION catalog_audit_record();
CREATE TRIGGER api_key_revoked_audited AFTER UPDATE OF revoked_at ON api_key
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION catalog_audit_record();

-- No statement expires a key: time does. This records each key that has passed its expiry (and was not revoked
-- before it), at the moment it expired; it is idempotent, so every gateway may call it on a timer and
-- feedbackctl calls it before it shows the audit. A key issued already expired expired when it was issued. It
-- returns how many expiries it recorded.
CREATE FUNCTION record_key_expiries() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
AS $$
DECLARE
    recorded integer;
BEGIN
    INSERT INTO catalog_audit (occurred_at, actor, action, project_id, api_key_id, subject, detail)
    SELECT greatest(k.expires_at, k.created_at), 'expiry (' || session_user || ')', 'key-expired', k.project_id, k.id, k.id::text,
           'prefix=' || k.key_prefix
      FROM api_key k
     WHERE k.expires_at <= now() AND (k.revoked_at IS NULL OR k.revoked_at > k.expires_at)
       AND NOT EXISTS (SELECT 1 FROM catalog_audit a WHERE a.api_key_id = k.id AND a.action = 'key-expired')
    ON CONFLICT (api_key_id) WHERE action = 'key-expired' DO NOTHING;
    GET DIAGNOSTICS recorded = ROW_COUNT;
    RETURN recorded;
END
$$;
REVOKE ALL ON FUNCTION record_key_expiries() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_key_expiries() TO ${gateway_role};
