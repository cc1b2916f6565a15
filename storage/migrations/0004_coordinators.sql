-- Coordinators (issue 5): re-notification rounds of unclaimed urgent signals, who
-- resolved a signal, and the municipality an audit entry concerns (so /audit shows a
-- coordinator only the access within their scope).

ALTER TABLE signals ADD COLUMN notify_round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signals ADD COLUMN resolved_by INTEGER REFERENCES people (id) ON DELETE SET NULL;
CREATE INDEX signals_unclaimed ON signals (urgent, claimed_at, resolved_at, last_notified_at);

ALTER TABLE audit_log ADD COLUMN municipality TEXT;
CREATE INDEX audit_log_scope ON audit_log (municipality, id);

-- The waitlist is served in order of signing up; rowid breaks ties of the same instant.
CREATE INDEX activity_signups_queue ON activity_signups (activity_id, status, signed_up_at);
CREATE INDEX activity_signups_parent ON activity_signups (parent_id, status);
CREATE INDEX activities_published ON activities (published_at, starts_at);

CREATE INDEX parents_referral ON parents (referral_link_id);
CREATE INDEX matches_parent ON matches (parent_id, started_at);
