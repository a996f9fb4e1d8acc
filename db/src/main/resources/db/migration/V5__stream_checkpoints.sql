-- Progress Relay, schema version 5: where each relay resumes reading a Redis stream (streams mode).
--
-- One row per stream key: the entry id through which the latest state of every event read from
-- the stream is stored, as its two numbers (milliseconds, sequence), so checkpoints compare as
-- entry ids do. Every instance reads the whole stream and moves the same row forward, never back:
-- an update that would move it back matches nothing.
CREATE TABLE stream_checkpoints (
    stream_key  text        PRIMARY KEY,
    entry_ms    bigint      NOT NULL CHECK (entry_ms >= 0),
    entry_seq   bigint      NOT NULL CHECK (entry_seq >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
