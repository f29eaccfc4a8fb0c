-- A retried request with the same Idempotency-Key republishes the identical batch (same event id and receive
-- time, hence the same item versions), which the merge treats as a no-op. The hash detects a key reused for a
-- different request.
CREATE TABLE idempotency_key (
    project_id   uuid NOT NULL REFERENCES project (id),
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    event_id     uuid NOT NULL,
    received_at  timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
