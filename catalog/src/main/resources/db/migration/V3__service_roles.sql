-- Least privilege: the services connect as roles that read and write rows and own nothing; this migration, like
-- every migration, runs as the role that owns the tables. The roles must exist (the local stack, the test fixtures
-- and docker-compose's init script create them; a DBA does elsewhere); their names are Flyway placeholders.
-- A table added later must be granted here too, or the service that needs it stalls with SQLState 42501 (an
-- outage, retried, and reported by its readiness) until it is.

-- The gateway authenticates keys, checks catalog entries, records Idempotency-Keys, creates a project's feedback
-- types and reads completion logs with their feedback. It never writes the projection.
GRANT SELECT ON project, endpoint, api_key, feedback_type, completion_log, completion_feedback TO ${gateway_role};
GRANT INSERT ON feedback_type TO ${gateway_role};
GRANT SELECT, INSERT ON idempotency_key TO ${gateway_role};

-- The processor checks events against the catalog and upserts the projection.
GRANT SELECT ON project, endpoint, feedback_type TO ${processor_role};
GRANT SELECT, INSERT, UPDATE ON completion_log, completion_feedback TO ${processor_role};
