-- A receipt for every event the processor decides (issue 22): projected, with how many of its items won their
-- register, or dead-lettered, with the reason. It is written in the transaction that decided it, so it exists exactly
-- when that decision was committed, and the first decision stands: a redelivered, replayed or re-driven event changes
-- nothing in the projection, and nothing here either (ON CONFLICT DO NOTHING). A rebuild writes receipts here too: an
-- event it projects before the live processor gets its receipt from the rebuild.
CREATE TABLE event_receipt (
    event_id         uuid PRIMARY KEY,
    project_id       uuid NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('projected', 'dead-lettered')),
    items            integer NOT NULL,
    items_won        integer,
    reason           text,
    detail           text,
    source_topic     text NOT NULL,
    source_partition integer NOT NULL,
    source_offset    bigint NOT NULL,
    decided_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_receipt_decided_idx ON event_receipt (decided_at);

GRANT SELECT, INSERT ON event_receipt TO ${processor_role};
GRANT SELECT ON event_receipt TO ${gateway_role};

-- Receipts are kept for a window (pipeline.processor.receipts.keep). The processor removes older ones through this
-- function, so it holds no DELETE on the table: it can remove expired receipts, a batch at a time, and nothing else.
CREATE FUNCTION prune_event_receipts(older_than interval, max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    pruned integer;
BEGIN
    -- Never younger than an hour, whoever asks: a client following its event just now always finds it.
    DELETE FROM event_receipt
     WHERE ctid IN (SELECT ctid FROM event_receipt
                     WHERE decided_at < now() - greatest(older_than, interval '1 hour')
                     ORDER BY decided_at
                     LIMIT greatest(least(max_rows, 100000), 0)
                       FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS pruned = ROW_COUNT;
    RETURN pruned;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION prune_event_receipts(interval, integer) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;
REVOKE ALL ON FUNCTION prune_event_receipts(interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_event_receipts(interval, integer) TO ${processor_role};
