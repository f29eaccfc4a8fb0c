-- The projection's changes for the change stream, one row per statement instead of one per change (issue 24). The
-- per-change outbox (V15) cost PostgreSQL a heap tuple and an index entry per change, then the relay's read, its
-- delete by id and vacuum: ~8 µs per change on the benchmarks' machine, as much as projecting the item itself. A
-- batch row holds the same columns as arrays, element i of each being one change; it is inserted by the same
-- statement that writes the registers (so it commits exactly with them, as the outbox rows did) and draws its id from
-- the outbox's sequence while that statement holds the registers' row locks, so a later change of a register still
-- gets a greater id than an earlier one in either table. The relay publishes both tables in id order and deletes a
-- batch once the broker acknowledged all of it. V15's table stays for the rebuild's swap, whose difference is
-- attached to it, and for rows an older processor wrote.
CREATE TABLE feedback_change_batches (
    id               bigint PRIMARY KEY DEFAULT nextval('feedback_change_outbox_id_seq'),
    committed_at     timestamptz NOT NULL DEFAULT now(),
    project_id       uuid[] NOT NULL,
    usage_id         text[] NOT NULL,
    feedback_type_id integer[] NOT NULL,
    existed_before   boolean[] NOT NULL,
    before_flag      boolean[] NOT NULL,
    before_value     double precision[] NOT NULL,
    before_comment   text[] NOT NULL,
    before_tag       text[] NOT NULL,
    after_flag       boolean[] NOT NULL,
    after_value      double precision[] NOT NULL,
    after_comment    text[] NOT NULL,
    after_tag        text[] NOT NULL,
    occurred_at      timestamptz[] NOT NULL,
    event_id         uuid[] NOT NULL,
    item_index       integer[] NOT NULL,
    CHECK (cardinality(usage_id) > 0)
);

-- Written once and read once: compressing the arrays would cost the writer CPU for nothing.
ALTER TABLE feedback_change_batches
    ALTER project_id SET STORAGE EXTERNAL, ALTER usage_id SET STORAGE EXTERNAL,
    ALTER feedback_type_id SET STORAGE EXTERNAL, ALTER existed_before SET STORAGE EXTERNAL,
    ALTER before_flag SET STORAGE EXTERNAL, ALTER before_value SET STORAGE EXTERNAL,
    ALTER before_comment SET STORAGE EXTERNAL, ALTER before_tag SET STORAGE EXTERNAL,
    ALTER after_flag SET STORAGE EXTERNAL, ALTER after_value SET STORAGE EXTERNAL,
    ALTER after_comment SET STORAGE EXTERNAL, ALTER after_tag SET STORAGE EXTERNAL,
    ALTER occurred_at SET STORAGE EXTERNAL, ALTER event_id SET STORAGE EXTERNAL,
    ALTER item_index SET STORAGE EXTERNAL;

GRANT SELECT, INSERT, DELETE ON feedback_change_batches TO ${processor_role};
GRANT USAGE ON SEQUENCE feedback_change_outbox_id_seq TO ${processor_role};

-- Every change not yet relayed, one row per change in the relay's order, whichever table holds it: what operators
-- (feedbackctl status) and the tests count. exists_after is always true for a batch: the projection never deletes.
CREATE VIEW feedback_change_pending AS
SELECT id, 1 AS position, project_id, usage_id, feedback_type_id,
       existed_before, before_flag, before_value, before_comment, before_tag,
       exists_after, after_flag, after_value, after_comment, after_tag,
       occurred_at, event_id, item_index, committed_at, cause
  FROM feedback_change_outbox
 UNION ALL
SELECT b.id, c.position, c.project_id, c.usage_id, c.feedback_type_id,
       c.existed_before, c.before_flag, c.before_value, c.before_comment, c.before_tag,
       true, c.after_flag, c.after_value, c.after_comment, c.after_tag,
       c.occurred_at, c.event_id, c.item_index, b.committed_at, 'projection'
  FROM feedback_change_batches b,
       unnest(b.project_id, b.usage_id, b.feedback_type_id,
              b.existed_before, b.before_flag, b.before_value, b.before_comment, b.before_tag,
              b.after_flag, b.after_value, b.after_comment, b.after_tag,
              b.occurred_at, b.event_id, b.item_index)
           WITH ORDINALITY AS c(project_id, usage_id, feedback_type_id,
                                existed_before, before_flag, before_value, before_comment, before_tag,
                                after_flag, after_value, after_comment, after_tag,
                                occurred_at, event_id, item_index, position);

GRANT SELECT ON feedback_change_pending TO ${processor_role};
