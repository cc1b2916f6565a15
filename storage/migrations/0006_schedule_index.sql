-- Planners at scale (issue 7): each periodic planner reads only the rows that can be due,
-- not every parent, pair or thread.
--
-- Materialised "next moment to look" columns, written by the planners. '' means "not
-- known yet: look at the next run" (it sorts before every ISO instant and day, so one
-- index range `<= horizon` finds both). Triggers put them back to '' whenever what they
-- were computed from changes, however the row was changed; a planner whose basis (time
-- zone, rules) changed, or whose clock went back, clears its column (planner_marks).

-- The instant (UTC) of the next check-in slot / weekly tip slot to consider.
ALTER TABLE parents ADD COLUMN next_checkin_at TEXT NOT NULL DEFAULT '';
ALTER TABLE parents ADD COLUMN next_tip_at TEXT NOT NULL DEFAULT '';
CREATE INDEX parents_next_checkin ON parents (next_checkin_at) WHERE stopped_at IS NULL;
CREATE INDEX parents_next_tip ON parents (next_tip_at) WHERE stopped_at IS NULL;

CREATE TRIGGER parents_schedule_changed
AFTER UPDATE OF phase, due_date, birth_date, phase_started_at, checkin_frequency,
                preferred_time, paused_until, registered_at, stopped_at ON parents
WHEN NEW.phase IS NOT OLD.phase
  OR NEW.due_date IS NOT OLD.due_date
  OR NEW.birth_date IS NOT OLD.birth_date
  OR NEW.phase_started_at IS NOT OLD.phase_started_at
  OR NEW.checkin_frequency IS NOT OLD.checkin_frequency
  OR NEW.preferred_time IS NOT OLD.preferred_time
  OR NEW.registered_at IS NOT OLD.registered_at
  OR NEW.stopped_at IS NOT OLD.stopped_at
BEGIN
    UPDATE parents SET next_checkin_at = '', next_tip_at = '' WHERE person_id = NEW.person_id;
END;

-- The local day (YYYY-MM-DD) of a running match's next contact reminder to consider; it
-- depends on the match's start and the pair's last logged contact.
ALTER TABLE matches ADD COLUMN next_contact_reminder_on TEXT NOT NULL DEFAULT '';
CREATE INDEX matches_next_contact_reminder ON matches (next_contact_reminder_on)
    WHERE ended_at IS NULL;

CREATE TRIGGER matches_reminder_basis_changed
AFTER UPDATE OF started_at, buddy_id, parent_id, ended_at ON matches
BEGIN
    UPDATE matches SET next_contact_reminder_on = '' WHERE id = NEW.id;
END;

-- A pair's last contact day in one index lookup (contacts_buddy scans the buddy's log).
CREATE INDEX contacts_pair ON contacts (parent_id, buddy_id, contact_date);

CREATE TRIGGER contacts_added AFTER INSERT ON contacts
BEGIN
    UPDATE matches SET next_contact_reminder_on = ''
    WHERE parent_id = NEW.parent_id AND buddy_id = NEW.buddy_id AND ended_at IS NULL;
END;

CREATE TRIGGER contacts_changed
AFTER UPDATE OF buddy_id, parent_id, contact_date ON contacts
BEGIN
    UPDATE matches SET next_contact_reminder_on = ''
    WHERE parent_id = OLD.parent_id AND buddy_id = OLD.buddy_id AND ended_at IS NULL;
    UPDATE matches SET next_contact_reminder_on = ''
    WHERE parent_id = NEW.parent_id AND buddy_id = NEW.buddy_id AND ended_at IS NULL;
END;

CREATE TRIGGER contacts_removed AFTER DELETE ON contacts
BEGIN
    UPDATE matches SET next_contact_reminder_on = ''
    WHERE parent_id = OLD.parent_id AND buddy_id = OLD.buddy_id AND ended_at IS NULL;
END;

-- Since when a thread waits for the buddy: the time of its newest message when that is
-- the parent's, the thread has a buddy and is not closed, no coordinator took part, and
-- it was not passed on to the coordinators since; NULL otherwise. Kept by triggers.
ALTER TABLE threads ADD COLUMN waiting_since TEXT;

UPDATE threads SET waiting_since = (
    SELECT m.created_at FROM thread_messages m
    WHERE m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = threads.id)
      AND m.author_role = 'parent'
      AND threads.buddy_id IS NOT NULL AND threads.closed_at IS NULL
      AND (threads.escalated_at IS NULL OR threads.escalated_at < m.created_at)
      AND NOT EXISTS (SELECT 1 FROM thread_messages c
                      WHERE c.thread_id = threads.id AND c.author_role = 'coordinator'));

CREATE INDEX threads_waiting ON threads (waiting_since) WHERE waiting_since IS NOT NULL;
CREATE INDEX threads_waiting_pair ON threads (buddy_id, parent_id, waiting_since)
    WHERE waiting_since IS NOT NULL;

CREATE TRIGGER threads_waiting_changed
AFTER UPDATE OF buddy_id, closed_at, escalated_at ON threads
BEGIN
    UPDATE threads SET waiting_since = (
        SELECT m.created_at FROM thread_messages m
        WHERE m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = threads.id)
          AND m.author_role = 'parent'
          AND threads.buddy_id IS NOT NULL AND threads.closed_at IS NULL
          AND (threads.escalated_at IS NULL OR threads.escalated_at < m.created_at)
          AND NOT EXISTS (SELECT 1 FROM thread_messages c
                          WHERE c.thread_id = threads.id AND c.author_role = 'coordinator'))
    WHERE id = NEW.id;
END;

CREATE TRIGGER thread_messages_added AFTER INSERT ON thread_messages
BEGIN
    UPDATE threads SET waiting_since = (
        SELECT m.created_at FROM thread_messages m
        WHERE m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = threads.id)
          AND m.author_role = 'parent'
          AND threads.buddy_id IS NOT NULL AND threads.closed_at IS NULL
          AND (threads.escalated_at IS NULL OR threads.escalated_at < m.created_at)
          AND NOT EXISTS (SELECT 1 FROM thread_messages c
                          WHERE c.thread_id = threads.id AND c.author_role = 'coordinator'))
    WHERE id = NEW.thread_id;
END;

CREATE TRIGGER thread_messages_changed
AFTER UPDATE OF thread_id, author_role, created_at ON thread_messages
BEGIN
    UPDATE threads SET waiting_since = (
        SELECT m.created_at FROM thread_messages m
        WHERE m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = threads.id)
          AND m.author_role = 'parent'
          AND threads.buddy_id IS NOT NULL AND threads.closed_at IS NULL
          AND (threads.escalated_at IS NULL OR threads.escalated_at < m.created_at)
          AND NOT EXISTS (SELECT 1 FROM thread_messages c
                          WHERE c.thread_id = threads.id AND c.author_role = 'coordinator'))
    WHERE id IN (OLD.thread_id, NEW.thread_id);
END;

CREATE TRIGGER thread_messages_removed AFTER DELETE ON thread_messages
BEGIN
    UPDATE threads SET waiting_since = (
        SELECT m.created_at FROM thread_messages m
        WHERE m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = threads.id)
          AND m.author_role = 'parent'
          AND threads.buddy_id IS NOT NULL AND threads.closed_at IS NULL
          AND (threads.escalated_at IS NULL OR threads.escalated_at < m.created_at)
          AND NOT EXISTS (SELECT 1 FROM thread_messages c
                          WHERE c.thread_id = threads.id AND c.author_role = 'coordinator'))
    WHERE id = OLD.thread_id;
END;

-- Retention looks only at stopped parents and ended matches.
CREATE INDEX parents_stopped ON parents (stopped_at) WHERE stopped_at IS NOT NULL;
CREATE INDEX matches_ended ON matches (ended_at) WHERE ended_at IS NOT NULL;

-- A buddy's alerts about one family, by kind and time (open alert? latest one?).
CREATE INDEX alerts_pair ON alerts (buddy_id, parent_id, kind, created_at);

-- What each planner's materialised column was computed with, and when it last ran: a
-- different basis (time zone, rules) or a clock that went back clears the column.
CREATE TABLE planner_marks (
    name    TEXT PRIMARY KEY,
    basis   TEXT NOT NULL,
    ran_at  TEXT NOT NULL
);
