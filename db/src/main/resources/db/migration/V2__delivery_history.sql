-- Progress Relay, schema version 2: delivery history, the outcome of every event for every
-- recipient, written in batches off the real-time path and read by admins.
--
-- One row per (event, recipient): the event's columns are copied into each of its rows rather than
-- kept in a separate events table, because every query filters or orders by them (upload, action,
-- received_at) and a join would cost more than the few dozen bytes repeated. Payloads are never
-- stored.
--
-- The table is partitioned by day (UTC) on received_at so that retention drops whole partitions
-- (DROP TABLE: instant, no dead rows, no vacuum) instead of deleting rows. Partitions are named
-- delivery_history_YYYYMMDD and are created by the adapter, not here: the retention job creates the
-- coming days ahead of time, and an append that meets a missing day creates that day itself and
-- retries. There is deliberately NO default partition: rows of days nobody created would pile up
-- there unseen by retention, and splitting them out later needs a full rewrite under lock.

CREATE TABLE delivery_history (
    event_id         text COLLATE "C" NOT NULL
                     CONSTRAINT delivery_history_event_id_length CHECK (char_length(event_id) BETWEEN 1 AND 128),
    channel          text NOT NULL,
    action           text NOT NULL,
    upload_id        text COLLATE "C",
    batch_id         text,
    size_bytes       integer NOT NULL CONSTRAINT delivery_history_size_bytes_positive CHECK (size_bytes >= 0),
    received_at      timestamptz NOT NULL,
    instance_id      text NOT NULL,
    -- The recipient; NULL only on the single row of an event nobody was subscribed to.
    user_id          text COLLATE "C"
                     CONSTRAINT delivery_history_user_id_length CHECK (char_length(user_id) BETWEEN 1 AND 128),
    -- DeliveryOutcome.code(); a typo in a new outcome must fail here rather than be stored.
    outcome          text NOT NULL
                     CONSTRAINT delivery_history_outcome_known CHECK (outcome IN (
                         'delivered', 'coalesced', 'rate_limited', 'dropped_slow_consumer',
                         'failed', 'no_connection', 'no_subscribers')),
    -- How many of the user's sockets the frame was written to.
    connections      integer NOT NULL CONSTRAINT delivery_history_connections_positive CHECK (connections >= 0),
    first_written_at timestamptz,
    latency_micros   bigint,
    CONSTRAINT delivery_history_recipient_unless_no_subscribers CHECK (
        (user_id IS NULL) = (outcome = 'no_subscribers'))
) PARTITION BY RANGE (received_at);

-- Paging newest first is keyset pagination on (received_at, event_id, recipient) descending, where
-- the recipient is the user id or '' for the no_subscribers row. user_id DESC NULLS LAST sorts the
-- NULL exactly where '' sorts (after every non-empty id), so each of the three indexes below
-- returns rows in the very order of a page and a page is one range scan per partition, newest
-- partition first, stopping at LIMIT.
--
-- Unfiltered pages, and filters on action or outcome (rare, so filtered as the scan goes). It is
-- unique because one event has one row per recipient; NULLS NOT DISTINCT (PostgreSQL 15) makes
-- that hold for the no_subscribers row too, so a batch appended twice fails instead of doubling.
CREATE UNIQUE INDEX delivery_history_newest_first
    ON delivery_history (received_at DESC, event_id DESC, user_id DESC NULLS LAST) NULLS NOT DISTINCT;

-- One upload's history (the admin's most common question) and its timeline.
CREATE INDEX delivery_history_by_upload_newest_first
    ON delivery_history (upload_id, received_at DESC, event_id DESC, user_id DESC NULLS LAST)
    WHERE upload_id IS NOT NULL;

-- One user's history ("why did alice not see it?").
CREATE INDEX delivery_history_by_user_newest_first
    ON delivery_history (user_id, received_at DESC, event_id DESC)
    WHERE user_id IS NOT NULL;

-- Stretches of time during which an instance lost outcomes (its buffer overflowed or PostgreSQL was
-- unreachable for too long), so that query answers covering them can say they are incomplete. Few
-- rows; not partitioned.
CREATE TABLE history_gaps (
    instance_id   text NOT NULL,
    from_at       timestamptz NOT NULL,
    to_at         timestamptz NOT NULL,
    lost_outcomes bigint NOT NULL CONSTRAINT history_gaps_lost_outcomes_positive CHECK (lost_outcomes >= 0),
    CONSTRAINT history_gaps_ordered CHECK (from_at <= to_at)
);

-- Gaps overlapping a period: from_at < until AND to_at >= since.
CREATE INDEX history_gaps_by_period ON history_gaps (from_at, to_at);
