-- completion_log.rating is Baseplate's own field, which nothing in the pipeline sets (docs/design-decisions.md).
-- Earlier versions mirrored positive_rating into it (1 / -1); reset those so every log answers as Baseplate's does.
UPDATE completion_log SET rating = 0 WHERE rating <> 0;
