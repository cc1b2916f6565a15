-- Scheduler (issue 6): when a check-in was counted as unanswered (three in a row and the
-- buddy is told), each survey at most once per parent, match and kind, and the indexes
-- the planners read by.

ALTER TABLE checkins ADD COLUMN unanswered_at TEXT;
CREATE INDEX checkins_waiting ON checkins (answered_at, unanswered_at, sent_at);

CREATE UNIQUE INDEX surveys_once ON surveys (parent_id, kind, IFNULL(match_id, 0));
CREATE INDEX surveys_match ON surveys (match_id, kind);
