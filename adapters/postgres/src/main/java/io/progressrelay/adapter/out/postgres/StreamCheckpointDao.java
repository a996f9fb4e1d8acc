package io.progressrelay.adapter.out.postgres;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL behind {@link PostgresStreamCheckpoints}. */
@RegisterConstructorMapper(StreamCheckpointRow.class)
interface StreamCheckpointDao {
  @SqlQuery("SELECT entry_ms, entry_seq FROM stream_checkpoints WHERE stream_key = :streamKey")
  Optional<StreamCheckpointRow> find(String streamKey);

  /**
   * Inserts the checkpoint, or moves it forward; a position at or before the stored one is a no-op.
   */
  @SqlUpdate(
      """
      INSERT INTO stream_checkpoints AS c (stream_key, entry_ms, entry_seq, updated_at)
      VALUES (:streamKey, :entryMs, :entrySeq, now())
      ON CONFLICT (stream_key) DO UPDATE
         SET entry_ms = EXCLUDED.entry_ms, entry_seq = EXCLUDED.entry_seq, updated_at = now()
       WHERE (c.entry_ms, c.entry_seq) < (EXCLUDED.entry_ms, EXCLUDED.entry_seq)
      """)
  void advance(String streamKey, long entryMs, long entrySeq);
}
