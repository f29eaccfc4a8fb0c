-- Catalog names are shown in operators' terminals and pages: no control character (an escape sequence rewrites a
-- screen) and no invisible or direction-changing format mark (one name made to read as another), as
-- FeedbackRules.checkName refuses them in every writer (issue 19 item 9). NOT VALID: names written before are kept
-- as they are, and are escaped wherever they are shown.
ALTER TABLE project ADD CONSTRAINT project_name_printable
    CHECK (name !~ '[\x01-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]') NOT VALID;
ALTER TABLE endpoint ADD CONSTRAINT endpoint_name_printable
    CHECK (name !~ '[\x01-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]') NOT VALID;
ALTER TABLE feedback_type ADD CONSTRAINT feedback_type_name_printable
    CHECK (name !~ '[\x01-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]') NOT VALID;
ALTER TABLE api_key ADD CONSTRAINT api_key_name_printable
    CHECK (name !~ '[\x01-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]') NOT VALID;
