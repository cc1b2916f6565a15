-- Kansrijk schema, version 1. Instants are UTC ISO-8601 text, days are YYYY-MM-DD.
-- Municipality and neighbourhood are slugs from the settings file.
-- Columns named *_text hold free text written by people; they are encrypted at rest
-- (see domain/crypto) and removed on erasure.

-- AUTOINCREMENT: an erased person's id is never given to someone else, so the audit
-- log (which keeps the id of an erased person) can never point at a new person.
CREATE TABLE people (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    telegram_id     INTEGER NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('parent', 'buddy', 'coordinator')),
    language        TEXT,
    first_name      TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    inactive_since  TEXT,
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT
);
CREATE INDEX people_role ON people (role, active);

CREATE TABLE referral_links (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    municipality TEXT NOT NULL,
    source_kind  TEXT NOT NULL CHECK (source_kind IN
                 ('midwife', 'jgz', 'gp', 'social_team', 'kraamzorg', 'other')),
    name         TEXT NOT NULL,
    created_by   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE parents (
    person_id          INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    phase              TEXT NOT NULL CHECK (phase IN ('wish', 'pregnant', 'baby', 'ended')),
    due_date           TEXT,
    birth_date         TEXT,
    phase_started_at   TEXT NOT NULL,
    municipality       TEXT NOT NULL,
    neighbourhood      TEXT,
    referral_link_id   INTEGER REFERENCES referral_links (id) ON DELETE SET NULL,
    checkin_frequency  TEXT NOT NULL DEFAULT 'weekly'
                       CHECK (checkin_frequency IN ('weekly', 'biweekly', 'off')),
    preferred_time     TEXT NOT NULL DEFAULT 'morning'
                       CHECK (preferred_time IN ('morning', 'afternoon', 'evening')),
    paused_until       TEXT,
    registered_at      TEXT NOT NULL,
    stopped_at         TEXT,
    stop_reason        TEXT
);
CREATE INDEX parents_municipality ON parents (municipality, neighbourhood, phase);

CREATE TABLE coordinators (
    person_id     INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    municipality  TEXT,          -- NULL: province-wide
    display_name  TEXT,
    from_config   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE buddies (
    person_id      INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    display_name   TEXT NOT NULL,
    municipality   TEXT NOT NULL,
    availability   TEXT,
    registered_at  TEXT NOT NULL,
    invited_by     INTEGER REFERENCES people (id) ON DELETE SET NULL
);
CREATE TABLE buddy_languages (
    buddy_id  INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    language  TEXT NOT NULL,
    PRIMARY KEY (buddy_id, language)
);
CREATE TABLE buddy_neighbourhoods (
    buddy_id       INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    neighbourhood  TEXT NOT NULL,
    PRIMARY KEY (buddy_id, neighbourhood)
);

-- One-time invite links for buddies and coordinators; only a hash of the code is kept.
CREATE TABLE invites (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('buddy', 'coordinator')),
    code_hash     TEXT NOT NULL UNIQUE,
    municipality  TEXT,          -- NULL: province-wide (coordinator invites only)
    created_by    INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT,
    used_by       INTEGER REFERENCES people (id) ON DELETE SET NULL
);

CREATE TABLE matches (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER NOT NULL REFERENCES parents (person_id) ON DELETE CASCADE,
    buddy_id    INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    end_reason  TEXT CHECK (end_reason IN
                ('goals_reached', 'moved_away', 'stopped', 'referred', 'reassigned', 'other')),
    created_by  INTEGER REFERENCES people (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX matches_one_active_per_parent ON matches (parent_id) WHERE ended_at IS NULL;
CREATE INDEX matches_buddy ON matches (buddy_id, ended_at);

-- A buddy's log of one contact with a family.
CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    buddy_id          INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    parent_id         INTEGER REFERENCES parents (person_id) ON DELETE SET NULL,
    municipality      TEXT NOT NULL,
    contact_date      TEXT NOT NULL,
    kind              TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL,
    topics            TEXT NOT NULL DEFAULT '',
    parent_mood       INTEGER CHECK (parent_mood BETWEEN 1 AND 5),
    concern           TEXT NOT NULL DEFAULT 'none' CHECK (concern IN ('none', 'some', 'urgent')),
    note_text         BLOB,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX contacts_parent ON contacts (parent_id, contact_date);
CREATE INDEX contacts_buddy ON contacts (buddy_id, contact_date);

-- Questions from a parent to their buddy (or the coordinators), and messages back.
CREATE TABLE threads (
    id            INTEGER PRIMARY KEY,
    parent_id     INTEGER NOT NULL REFERENCES parents (person_id) ON DELETE CASCADE,
    buddy_id      INTEGER REFERENCES buddies (person_id) ON DELETE SET NULL,
    municipality  TEXT NOT NULL,
    opened_by     TEXT NOT NULL CHECK (opened_by IN ('parent', 'buddy', 'coordinator')),
    opened_at     TEXT NOT NULL,
    answered_at   TEXT,
    escalated_at  TEXT,
    closed_at     TEXT
);
CREATE INDEX threads_open ON threads (answered_at, escalated_at, opened_at);
CREATE TABLE thread_messages (
    id           INTEGER PRIMARY KEY,
    thread_id    INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
    author_role  TEXT NOT NULL CHECK (author_role IN ('parent', 'buddy', 'coordinator')),
    body_text    BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, id);

CREATE TABLE activities (
    id                      INTEGER PRIMARY KEY,
    municipality            TEXT NOT NULL,
    title                   TEXT NOT NULL,
    description             TEXT NOT NULL DEFAULT '',
    starts_at               TEXT NOT NULL,
    place                   TEXT NOT NULL,
    capacity                INTEGER NOT NULL CHECK (capacity > 0),
    audience_neighbourhood  TEXT,
    audience_phase          TEXT,
    audience_language       TEXT,
    created_by              INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at              TEXT NOT NULL,
    published_at            TEXT,
    cancelled_at            TEXT
);
CREATE INDEX activities_municipality ON activities (municipality, starts_at);
CREATE TABLE activity_signups (
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    parent_id    INTEGER NOT NULL REFERENCES parents (person_id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('signed_up', 'waitlist', 'cancelled')),
    signed_up_at TEXT NOT NULL,
    attended     INTEGER,
    PRIMARY KEY (activity_id, parent_id)
);

-- "How are you doing?" (mood, 1-5) and the stress thermometer (stress, 0-10).
CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY,
    parent_id      INTEGER NOT NULL REFERENCES parents (person_id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('mood', 'stress')),
    slot           TEXT NOT NULL,       -- the planned local slot, e.g. 2026-11-23T09:00
    sent_at        TEXT,
    answered_at    TEXT,
    score          INTEGER,
    wants_contact  INTEGER,
    UNIQUE (parent_id, slot)
);
CREATE INDEX checkins_parent ON checkins (parent_id, sent_at);

CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY,
    parent_id     INTEGER REFERENCES parents (person_id) ON DELETE SET NULL,
    match_id      INTEGER REFERENCES matches (id) ON DELETE SET NULL,
    municipality  TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('six_weeks', 'match_end', 'final')),
    sent_at       TEXT,
    answered_at   TEXT,
    helpfulness   INTEGER CHECK (helpfulness BETWEEN 1 AND 10),
    helped_most   TEXT,
    comment_text  BLOB
);

CREATE TABLE buddy_wellbeing (
    id           INTEGER PRIMARY KEY,
    buddy_id     INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    month        TEXT NOT NULL,          -- YYYY-MM
    score        INTEGER CHECK (score BETWEEN 1 AND 5),
    hours        REAL,
    comment_text BLOB,
    answered_at  TEXT,
    UNIQUE (buddy_id, month)
);

-- Things a buddy is told about one of their families, with the buddy's one-tap answer.
CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    buddy_id         INTEGER NOT NULL REFERENCES buddies (person_id) ON DELETE CASCADE,
    parent_id        INTEGER NOT NULL REFERENCES parents (person_id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN
                     ('low_mood', 'blocked', 'unanswered_checkins', 'question_waiting', 'wants_contact')),
    created_at       TEXT NOT NULL,
    acknowledged_at  TEXT,
    response         TEXT CHECK (response IN ('will_contact', 'handled')),
    escalated_at     TEXT
);
CREATE INDEX alerts_open ON alerts (acknowledged_at, escalated_at, created_at);

-- Signals for coordinators: urgent help requests, buddy concerns, escalations.
CREATE TABLE signals (
    id               INTEGER PRIMARY KEY,
    municipality     TEXT NOT NULL,
    parent_id        INTEGER REFERENCES parents (person_id) ON DELETE SET NULL,
    raised_by        INTEGER REFERENCES people (id) ON DELETE SET NULL,
    kind             TEXT NOT NULL CHECK (kind IN
                     ('urgent_help', 'buddy_concern', 'unanswered_question', 'low_mood',
                      'pregnancy_ended', 'other')),
    urgent           INTEGER NOT NULL DEFAULT 0,
    note_text        BLOB,
    created_at       TEXT NOT NULL,
    claimed_by       INTEGER REFERENCES people (id) ON DELETE SET NULL,
    claimed_at       TEXT,
    resolved_at      TEXT,
    resolution_text  BLOB,
    last_notified_at TEXT
);
CREATE INDEX signals_open ON signals (municipality, resolved_at, claimed_at);

CREATE TABLE broadcasts (
    id                   INTEGER PRIMARY KEY,
    created_by           INTEGER REFERENCES people (id) ON DELETE SET NULL,
    municipality         TEXT,
    segment              TEXT NOT NULL,   -- JSON
    body_text            BLOB NOT NULL,
    created_at           TEXT NOT NULL,
    confirmed_at         TEXT,
    finished_at          TEXT,
    progress_chat_id     INTEGER,
    progress_message_id  INTEGER
);

-- Every message that must reach a person later. A dispatcher sends due rows; a row
-- is marked sent only after Telegram accepted it.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '{}',   -- JSON, no free text in clear
    due_at        TEXT NOT NULL,
    urgent        INTEGER NOT NULL DEFAULT 0,   -- urgent rows ignore quiet hours
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    dedupe_key    TEXT UNIQUE,
    broadcast_id  INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    sent_at       TEXT
);
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_person ON outbox (person_id, status);
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status);

-- Consent per purpose; the newest row per (person, purpose) is in force.
CREATE TABLE consents (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose       TEXT NOT NULL CHECK (purpose IN ('messages', 'share_checkins', 'monitoring')),
    granted       INTEGER NOT NULL,
    text_version  TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, purpose, id);

-- Who did what to whose data. subject_id deliberately has no foreign key: the entry
-- outlives an erased person, pointing at nobody.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    subject_id  INTEGER,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (created_at);

-- Anonymous counts that survive erasure (e.g. parents who left, per municipality).
CREATE TABLE anonymous_counts (
    municipality  TEXT NOT NULL,
    metric        TEXT NOT NULL,
    month         TEXT NOT NULL,   -- YYYY-MM
    count         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, metric, month)
);

-- python-telegram-bot persistence: conversation states and the small per-user draft.
CREATE TABLE conversation_states (
    name   TEXT NOT NULL,
    key    TEXT NOT NULL,   -- JSON array of the conversation key
    state  TEXT NOT NULL,   -- JSON
    PRIMARY KEY (name, key)
);
CREATE TABLE user_drafts (
    user_id     INTEGER PRIMARY KEY,
    data        TEXT NOT NULL,   -- JSON
    updated_at  TEXT NOT NULL
);
