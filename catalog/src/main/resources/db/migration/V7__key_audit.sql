-- Who issued or revoked which key, when: written in the same statement as the change itself, so neither exists
-- without the other. Append-only by use: nothing updates or deletes it.
CREATE TABLE key_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL CHECK (action IN ('key-issued', 'key-revoked')),
    project_id  uuid NOT NULL REFERENCES project (id),
    api_key_id  uuid NOT NULL REFERENCES api_key (id),
    detail      text NOT NULL DEFAULT ''
);
CREATE INDEX key_audit_project_idx ON key_audit (project_id, occurred_at);
