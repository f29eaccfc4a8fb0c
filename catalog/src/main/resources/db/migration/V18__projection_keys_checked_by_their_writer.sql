-- The projection's foreign keys stay declared and stop being enforced row by row (issue 24). PostgreSQL checks an
-- enforced key with a trigger per inserted row, each a query and a row lock on the catalog row: a new Baseplate
-- item inserts a register and its log row, three checks, ~15 µs of the ~40 µs its upsert costs on the benchmarks'
-- machine (docs/benchmarks.md, "The projection's foreign keys"). The keys guard nothing the writer does not already
-- check: the processor is the projection's only writer, and it dead-letters every item whose project or feedback type
-- the catalog does not hold before it writes (EventRules). What a key also guarded, the catalog row's deletion while
-- the projection names it, the guards below keep. PostgreSQL 18 is already required (RETURNING old).
DO $$
DECLARE k record;
BEGIN
    -- The retired tables of a swap a crash interrupted too: finishing it gives the live tables their keys.
    FOR k IN SELECT c.conrelid::regclass AS tab, c.conname
               FROM pg_constraint c
              WHERE c.contype = 'f' AND c.conenforced
                AND c.conrelid IN (SELECT to_regclass(t) FROM unnest(ARRAY[
                        'completion_feedback', 'completion_log', 'completion_feedback_old', 'completion_log_old']) t)
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I NOT ENFORCED', k.tab, k.conname);
    END LOOP;
END $$;

-- A project or feedback type the projection names cannot be deleted or renumbered, as the keys' own checks on the
-- catalog's side refused before. The product deletes neither; this is for a hand at a psql prompt.
CREATE FUNCTION catalog_entry_named_by_projection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'project' THEN
        IF EXISTS (SELECT 1 FROM completion_feedback WHERE project_id = OLD.id)
           OR EXISTS (SELECT 1 FROM completion_log WHERE project_id = OLD.id) THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('project %s is named by the projection''s feedback or logs', OLD.id);
        END IF;
    ELSIF EXISTS (SELECT 1 FROM completion_feedback WHERE feedback_type_id = OLD.id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('feedback type %s is named by the projection''s feedback', OLD.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- Its names are the schema's, never a temporary table's (as V9's functions).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION catalog_entry_named_by_projection() SET search_path = %I, pg_temp',
                   current_schema());
END $$;

CREATE TRIGGER project_named_by_projection BEFORE DELETE OR UPDATE OF id ON project
    FOR EACH ROW EXECUTE FUNCTION catalog_entry_named_by_projection();
CREATE TRIGGER feedback_type_named_by_projection BEFORE DELETE OR UPDATE OF id ON feedback_type
    FOR EACH ROW EXECUTE FUNCTION catalog_entry_named_by_projection();
