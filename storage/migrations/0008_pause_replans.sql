-- A pause ending (or starting) moves a parent's next check-in and tip slot, so changing
-- paused_until must clear the materialised slots of 0006 too. Slots stored before this
-- migration may have been computed under a pause that ended since: recompute all.
DROP TRIGGER parents_schedule_changed;

CREATE TRIGGER parents_schedule_changed
AFTER UPDATE OF phase, due_date, birth_date, phase_started_at, checkin_frequency,
                preferred_time, paused_until, registered_at, stopped_at ON parents
WHEN NEW.phase IS NOT OLD.phase
  OR NEW.due_date IS NOT OLD.due_date
  OR NEW.birth_date IS NOT OLD.birth_date
  OR NEW.phase_started_at IS NOT OLD.phase_started_at
  OR NEW.checkin_frequency IS NOT OLD.checkin_frequency
  OR NEW.preferred_time IS NOT OLD.preferred_time
  OR NEW.paused_until IS NOT OLD.paused_until
  OR NEW.registered_at IS NOT OLD.registered_at
  OR NEW.stopped_at IS NOT OLD.stopped_at
BEGIN
    UPDATE parents SET next_checkin_at = '', next_tip_at = '' WHERE person_id = NEW.person_id;
END;

UPDATE parents SET next_checkin_at = '', next_tip_at = '';
