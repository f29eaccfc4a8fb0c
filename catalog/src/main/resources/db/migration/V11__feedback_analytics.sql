-- Analytics (issue 21): hourly rollups of the projection, kept exact without slowing ingestion.
--
-- The projection's writer only marks what changed (feedback_rollup_dirty): the hour of each register it wrote (and
-- the hour it left), and the usage_id of each completion log whose model, endpoint or template it wrote, since that
-- moves every register of the log. A refresher recomputes the marked hours from the committed tables, in one
-- snapshot, and deletes only the marks that snapshot saw. A reader takes the rollup for hours without a mark and
-- aggregates the registers of marked hours itself, in one statement: so every answer is exact as of its snapshot,
-- whatever the refresher has done yet (docs/design-decisions.md).

-- The raw path (marked hours, minute buckets, values filters) and the refresher read registers by time.
CREATE INDEX completion_feedback_time_idx ON completion_feedback (project_id, occurred_at);

-- One row per grouping set, hour and value: how many registers' winning items fall there. dims says which of
-- model (1), endpoint (2), template (4) and tag (8) the row is grouped by; without 8 a row holds the tag of TEXT
-- feedback only. Every row is also grouped by the feedback type and the value (flag for BOOLEAN, value for NUMERIC,
-- neither for TEXT).
CREATE TABLE feedback_rollup (
    project_id       uuid NOT NULL,
    hour             timestamptz NOT NULL,
    dims             smallint NOT NULL,
    model            text,
    endpoint_id      uuid,
    template_id      text,
    tag              text,
    feedback_type_id integer NOT NULL,
    flag             boolean,
    value            double precision,
    registers        bigint NOT NULL
);
-- Covering: a 30-day question reads some 25,000 rows of one grouping set straight from the index, not the heap.
CREATE INDEX feedback_rollup_idx ON feedback_rollup (project_id, dims, hour)
    INCLUDE (model, endpoint_id, template_id, tag, feedback_type_id, flag, value, registers);

-- Marks of what changed since the rollup was computed: an hour of a project, or a usage_id whose log dimensions
-- changed (every hour of its registers). Append-only for the writer; the refresher deletes what it recomputed.
CREATE TABLE feedback_rollup_dirty (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    project_id uuid NOT NULL,
    hour       timestamptz,
    usage_id   text,
    CHECK ((hour IS NULL) <> (usage_id IS NULL))
);
CREATE INDEX feedback_rollup_dirty_hour_idx ON feedback_rollup_dirty (project_id, hour);
CREATE INDEX feedback_rollup_dirty_usage_idx ON feedback_rollup_dirty (project_id, usage_id);

-- Everything projected so far is to be rolled up: the refresher works through it in bounded steps.
INSERT INTO feedback_rollup_dirty (project_id, hour)
SELECT DISTINCT project_id, date_trunc('hour', occurred_at, 'UTC') FROM completion_feedback;

GRANT SELECT, INSERT, DELETE ON feedback_rollup, feedback_rollup_dirty TO ${processor_role};
GRANT SELECT ON feedback_rollup, feedback_rollup_dirty TO ${gateway_role};
