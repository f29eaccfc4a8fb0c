-- The web origins a project's pages are served from (issue 22): only these may send feedback from a browser, with a
-- feedback token, and only the token routes answer their CORS requests. An origin is stored as browsers send it
-- (scheme://host[:port], lower case, no default port); feedbackctl normalises what it is given.
CREATE TABLE project_origin (
    project_id uuid NOT NULL REFERENCES project (id),
    origin     text NOT NULL CHECK (origin ~ '^https?://[a-z0-9.\-\[\]:]+$' AND length(origin) <= 255),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, origin)
);

-- The gateway reads the list; who changes it is the catalog's owner (feedbackctl), audited like every catalog change.
GRANT SELECT ON project_origin TO ${gateway_role};

ALTER TABLE catalog_audit DROP CONSTRAINT catalog_audit_action_check;
ALTER TABLE catalog_audit ADD CONSTRAINT catalog_audit_action_check CHECK (action IN (
    'key-issued', 'key-revoked', 'key-expired', 'project-created', 'endpoint-created', 'feedback-type-created',
    'origin-allowed', 'origin-removed'));

CREATE FUNCTION project_origin_audit_record() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO catalog_audit (actor, action, project_id, subject, detail)
        VALUES (catalog_actor(), 'origin-allowed', NEW.project_id, NEW.origin, 'origin=' || NEW.origin);
    ELSE
        INSERT INTO catalog_audit (actor, action, project_id, subject, detail)
        VALUES (catalog_actor(), 'origin-removed', OLD.project_id, OLD.origin, 'origin=' || OLD.origin);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION project_origin_audit_record() FROM PUBLIC;
-- Names resolve in this schema only, the temporary schema last (as V9 did for the other audit functions).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION project_origin_audit_record() SET search_path = %I, pg_temp', current_schema());
END
$$;

CREATE TRIGGER project_origin_audited AFTER INSERT OR DELETE ON project_origin
    FOR EACH ROW EXECUTE FUNCTION project_origin_audit_record();

-- Who the product says gave a feedback (a feedback token's end_user_id, FeedbackBatch v2), kept with its register.
ALTER TABLE completion_feedback ADD COLUMN end_user_id text CHECK (length(end_user_id) <= 255);
