-- Dead letters re-driven from the console (issue 21). A dead-letter topic is append-only, so what was sent back is
-- recorded here: the console shows a re-driven letter as such, and who sent it back when. A letter that fails again
-- comes back as a new dead letter, with its own id and a redriven.from header naming this one.
CREATE TABLE dead_letter_redrive (
    letter_id   text PRIMARY KEY CHECK (length(letter_id) <= 300),
    project_id  uuid NOT NULL REFERENCES project (id),
    redriven_at timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL
);
CREATE INDEX dead_letter_redrive_project_idx ON dead_letter_redrive (project_id);

GRANT SELECT, INSERT, UPDATE ON dead_letter_redrive TO ${gateway_role};
