-- The change stream's outbox (issue 23, docs/design-decisions.md). The projection's upsert inserts a row here, in
-- its own statement and so in its own transaction, for every register whose value it changed; a rebuild inserts
-- the registers it swaps in that differ from the ones they replace. A row exists exactly when its change was
-- committed. The processor's relay (one at a time, under an advisory lock) publishes rows to feedback-changes.v1
-- in id order and deletes them once the broker acknowledged them: a relay killed in between publishes them again
-- (at least once; consumers deduplicate by the version), and nothing committed is ever skipped.
CREATE TABLE feedback_change_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       uuid NOT NULL,
    usage_id         text NOT NULL,
    feedback_type_id integer NOT NULL,
    existed_before   boolean NOT NULL,
    before_flag      boolean,
    before_value     double precision,
    before_comment   text,
    before_tag       text,
    exists_after     boolean NOT NULL,
    after_flag       boolean,
    after_value      double precision,
    after_comment    text,
    after_tag        text,
    occurred_at      timestamptz NOT NULL,
    event_id         uuid NOT NULL,
    item_index       integer NOT NULL,
    committed_at     timestamptz NOT NULL DEFAULT now(),
    cause            text NOT NULL CHECK (cause IN ('projection', 'rebuild'))
);

GRANT SELECT, INSERT, DELETE ON feedback_change_outbox TO ${processor_role};
