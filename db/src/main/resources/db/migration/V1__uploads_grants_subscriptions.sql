-- Progress Relay, schema version 1: uploads, who may follow them, and who does.
--
-- Ids come from outside (upload workers, token subjects) and follow the domain rule of 1..128
-- characters; the CHECKs keep a bug elsewhere from storing an id the domain could not read back.
-- Id columns use the "C" collation so that ordering (keyset pagination on upload_id) is by code
-- point, exactly like String.compareTo in the in-memory adapter, and independent of the server's
-- locale.

CREATE TABLE uploads (
    upload_id            text COLLATE "C" PRIMARY KEY
                         CONSTRAINT uploads_upload_id_length CHECK (char_length(upload_id) BETWEEN 1 AND 128),
    owner_id             text COLLATE "C" NOT NULL
                         CONSTRAINT uploads_owner_id_length CHECK (char_length(owner_id) BETWEEN 1 AND 128),
    created_at           timestamptz NOT NULL,
    -- The latest event is kept as text, not jsonb: jsonb would rewrite whitespace, key order and
    -- escapes, and late subscribers must receive exactly the bytes the worker published.
    latest_event_action  text,
    latest_event_payload text,
    latest_event_at      timestamptz,
    -- Copied from latest_event_at when the latest event is terminal (upload_completed,
    -- upload_failed), NULL while the upload is unfinished, so that expiry is a plain comparison.
    finished_at          timestamptz,
    -- The three latest_event columns describe one event: all set or none.
    CONSTRAINT uploads_latest_event_complete CHECK (
        (latest_event_action IS NULL) = (latest_event_payload IS NULL)
        AND (latest_event_action IS NULL) = (latest_event_at IS NULL)),
    -- Only an event can finish an upload.
    CONSTRAINT uploads_finished_by_latest_event CHECK (
        finished_at IS NULL OR finished_at = latest_event_at)
);

-- Purging expired subscriptions starts from the finished uploads; unfinished ones (the NULLs) never
-- qualify, so they stay out of the index.
CREATE INDEX uploads_finished_at ON uploads (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE grants (
    -- Deleting an upload deletes its grants: a grant means nothing without its upload.
    upload_id  text COLLATE "C" NOT NULL REFERENCES uploads (upload_id) ON DELETE CASCADE,
    grantee_id text COLLATE "C" NOT NULL
               CONSTRAINT grants_grantee_id_length CHECK (char_length(grantee_id) BETWEEN 1 AND 128),
    granted_by text COLLATE "C" NOT NULL
               CONSTRAINT grants_granted_by_length CHECK (char_length(granted_by) BETWEEN 1 AND 128),
    granted_at timestamptz NOT NULL,
    -- One grant per grantee and upload; the key also serves listing an upload's grants.
    PRIMARY KEY (upload_id, grantee_id)
);

CREATE TABLE subscriptions (
    user_id       text COLLATE "C" NOT NULL
                  CONSTRAINT subscriptions_user_id_length CHECK (char_length(user_id) BETWEEN 1 AND 128),
    -- Deleting an upload ends every subscription to it.
    upload_id     text COLLATE "C" NOT NULL REFERENCES uploads (upload_id) ON DELETE CASCADE,
    subscribed_at timestamptz NOT NULL,
    -- A user holds at most one subscription per upload.
    PRIMARY KEY (user_id, upload_id)
);

-- A user's subscriptions are listed newest first with keyset pagination on
-- (subscribed_at, upload_id): this index answers each page with a range scan.
CREATE INDEX subscriptions_by_user_newest_first
    ON subscriptions (user_id, subscribed_at DESC, upload_id DESC);

-- An upload's audience, its subscriber count and the ON DELETE CASCADE all look subscriptions up by
-- upload; the primary key leads with user_id and cannot help there.
CREATE INDEX subscriptions_by_upload ON subscriptions (upload_id);
