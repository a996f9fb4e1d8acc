-- Progress Relay, schema version 4: delivery history as one row per event (per instance batch)
-- instead of one row per (event, recipient).
--
-- Measured on V2: 22-25 us of PostgreSQL CPU and about 1 KB of WAL per row, and a broadcast to
-- 1,000 sockets wrote 1,000 rows, each repeating the event's columns and carrying its own index
-- entries in three B-trees. Here an event's recipients and their outcomes travel as parallel arrays
-- in one row, so the event's columns, the tuple header and the B-tree entries are paid once per
-- event; an array of 1,000 recipients is stored compressed, out of line (TOAST), in a few chunks.
--
-- A row holds the outcomes of one event that one instance's history writer had in one batch; when
-- an event's outcomes settle across two batches (a slow socket settles later) the event has two
-- rows, and queries unnest them all. Element i of every array describes recipient i:
--
--   user_ids             the recipient; a single NULL element for the outcome no_subscribers
--   outcomes             0 delivered, 1 coalesced, 2 rate_limited, 3 dropped_slow_consumer,
--                        4 failed, 5 no_connection, 6 no_subscribers
--   connections          how many of the user's sockets the frame was written to
--   first_written_micros when the first write completed, in microseconds after received_at; NULL
--                        unless written
--   latency_micros       from receipt to the first completed write; NULL unless written
--   run_*                NULL as a whole column when the row holds no run; otherwise, for element
--                        i, NULL or a run of `coalesced` / `rate_limited` frames of one recipient
--                        that the writer summarized into this element: how many frames
--                        (run_counts), and the first of them (run_first_event_ids,
--                        run_first_received_at); the element's own event is the run's last.
--
-- Recipients are stored in the order of a page, user id descending with the NULL last, so a page
-- rarely needs more than the rows' own order. Payloads are never stored. Partitioning, retention
-- (DROP TABLE of whole UTC days, no default partition) and history_gaps stay as in V2; partitions
-- are named delivery_events_YYYYMMDD and created by the adapter.

CREATE TABLE delivery_events (
    event_id              text COLLATE "C" NOT NULL
                          CONSTRAINT delivery_events_event_id_length CHECK (char_length(event_id) BETWEEN 1 AND 128),
    channel               text NOT NULL,
    action                text NOT NULL,
    upload_id             text COLLATE "C",
    batch_id              text,
    size_bytes            integer NOT NULL CONSTRAINT delivery_events_size_bytes_positive CHECK (size_bytes >= 0),
    received_at           timestamptz NOT NULL,
    instance_id           text NOT NULL,
    user_ids              text[] COLLATE "C" NOT NULL,
    outcomes              smallint[] NOT NULL
                          CONSTRAINT delivery_events_outcomes_known CHECK (outcomes <@ '{0,1,2,3,4,5,6}'),
    connections           integer[] NOT NULL,
    first_written_micros  bigint[] NOT NULL,
    latency_micros        bigint[] NOT NULL,
    run_counts            integer[],
    run_first_event_ids   text[] COLLATE "C",
    run_first_received_at timestamptz[],
    CONSTRAINT delivery_events_parallel_arrays CHECK (
        cardinality(user_ids) >= 1
        AND cardinality(outcomes) = cardinality(user_ids)
        AND cardinality(connections) = cardinality(user_ids)
        AND cardinality(first_written_micros) = cardinality(user_ids)
        AND cardinality(latency_micros) = cardinality(user_ids)
        AND (run_counts IS NULL) = (run_first_event_ids IS NULL)
        AND (run_counts IS NULL) = (run_first_received_at IS NULL)
        AND coalesce(cardinality(run_counts), cardinality(user_ids)) = cardinality(user_ids)
        AND coalesce(cardinality(run_first_event_ids), cardinality(user_ids)) = cardinality(user_ids)
        AND coalesce(cardinality(run_first_received_at), cardinality(user_ids)) = cardinality(user_ids))
) PARTITION BY RANGE (received_at);

-- The arrays compress with lz4 where the server was built with it (the Debian and official Docker
-- builds are): pglz, the default, spent ~3.5 us of the backend's CPU per recipient compressing a
-- 1,000-recipient row, lz4 ~0.05 us, for a similar size. Partitions inherit the setting. Without
-- lz4 the table works the same, only with the slower compression.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
                WHERE name = 'default_toast_compression' AND CAST('lz4' AS text) = ANY (enumvals)) THEN
        ALTER TABLE delivery_events
            ALTER COLUMN user_ids SET COMPRESSION lz4,
            ALTER COLUMN outcomes SET COMPRESSION lz4,
            ALTER COLUMN connections SET COMPRESSION lz4,
            ALTER COLUMN first_written_micros SET COMPRESSION lz4,
            ALTER COLUMN latency_micros SET COMPRESSION lz4,
            ALTER COLUMN run_counts SET COMPRESSION lz4,
            ALTER COLUMN run_first_event_ids SET COMPRESSION lz4,
            ALTER COLUMN run_first_received_at SET COMPRESSION lz4;
    END IF;
END
$$;

-- Unfiltered pages newest first, and the guard against a batch appended twice: a repeated batch
-- repeats its rows' first recipients (NULLS NOT DISTINCT covers the no_subscribers row). It is a
-- guard against replays, not a proof that no recipient appears twice in an event: the writer sends
-- each (event, recipient) outcome once, and the adapter refuses a batch that repeats one.
CREATE UNIQUE INDEX delivery_events_newest_first
    ON delivery_events (received_at DESC, event_id DESC, (user_ids[1]) DESC NULLS LAST) NULLS NOT DISTINCT;

-- One upload's history (the admin's most common question) and its timeline.
CREATE INDEX delivery_events_by_upload_newest_first
    ON delivery_events (upload_id, received_at DESC, event_id DESC)
    WHERE upload_id IS NOT NULL;

-- One user's history ("why did alice not see it?"): the rows whose recipients include the user.
CREATE INDEX delivery_events_by_user ON delivery_events USING gin (user_ids);

-- The data of V2, moved: a partition for every day V2 had one, then one row per V2 event, its
-- recipients in page order.
DO $$
DECLARE
    part text;
    day date;
BEGIN
    FOR part IN
        SELECT c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = CAST('delivery_history' AS regclass)
           AND c.relname ~ '^delivery_history_[0-9]{8}$'
    LOOP
        day := to_date(substr(part, length('delivery_history_') + 1), 'YYYYMMDD');
        EXECUTE format('CREATE TABLE %I PARTITION OF delivery_events FOR VALUES FROM (%L) TO (%L)',
                       'delivery_events_' || to_char(day, 'YYYYMMDD'),
                       day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO delivery_events (
    event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id,
    user_ids, outcomes, connections, first_written_micros, latency_micros)
SELECT event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id,
       array_agg(user_id ORDER BY user_id DESC NULLS LAST),
       array_agg(CAST(CASE outcome
                          WHEN 'delivered' THEN 0
                          WHEN 'coalesced' THEN 1
                          WHEN 'rate_limited' THEN 2
                          WHEN 'dropped_slow_consumer' THEN 3
                          WHEN 'failed' THEN 4
                          WHEN 'no_connection' THEN 5
                          WHEN 'no_subscribers' THEN 6
                      END AS smallint) ORDER BY user_id DESC NULLS LAST),
       array_agg(connections ORDER BY user_id DESC NULLS LAST),
       array_agg(CAST(EXTRACT(EPOCH FROM first_written_at - received_at) * 1000000 AS bigint)
                 ORDER BY user_id DESC NULLS LAST),
       array_agg(latency_micros ORDER BY user_id DESC NULLS LAST)
  FROM delivery_history
 GROUP BY event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id;

DROP TABLE delivery_history;
