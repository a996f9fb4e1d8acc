package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.LatestEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL behind {@link PostgresUploadRepository}. */
@RegisterConstructorMapper(UploadRow.class)
@RegisterConstructorMapper(UploadOwnerRow.class)
@RegisterConstructorMapper(LatestEvent.class)
interface UploadDao {
  @SqlQuery(
      """
      SELECT upload_id, owner_id, created_at,
             latest_event_action, latest_event_payload, latest_event_at
        FROM uploads
       WHERE upload_id = :uploadId
      """)
  Optional<UploadRow> findById(String uploadId);

  @SqlQuery("SELECT owner_id FROM uploads WHERE upload_id = :uploadId")
  Optional<String> findOwner(String uploadId);

  @SqlUpdate(
      """
      INSERT INTO uploads (upload_id, owner_id, created_at)
      VALUES (:uploadId, :ownerId, :createdAt)
      ON CONFLICT (upload_id) DO NOTHING
      """)
  boolean insertIfAbsent(String uploadId, String ownerId, Instant createdAt);

  /** Inserts the new entries in one statement and returns their ids; existing ids are skipped. */
  @SqlQuery(
      """
      INSERT INTO uploads (upload_id, owner_id, created_at)
      SELECT entry.upload_id, entry.owner_id, CAST(:createdAt AS timestamptz)
        FROM unnest(CAST(:uploadIds AS text[]), CAST(:ownerIds AS text[]))
             AS entry (upload_id, owner_id)
      ON CONFLICT (upload_id) DO NOTHING
      RETURNING upload_id
      """)
  List<String> insertAllIfAbsent(String[] uploadIds, String[] ownerIds, Instant createdAt);

  @SqlQuery(
      """
      SELECT upload_id, owner_id
        FROM uploads
       WHERE upload_id = ANY (CAST(:uploadIds AS text[]))
      """)
  List<UploadOwnerRow> findOwners(String[] uploadIds);

  /** Deletes the upload; the foreign keys cascade to its grants and subscriptions. */
  @SqlUpdate("DELETE FROM uploads WHERE upload_id = :uploadId")
  boolean delete(String uploadId);

  /** The registration's latest event; empty if it has none or the registration ended. */
  @SqlQuery(
      """
      SELECT latest_event_action AS action,
             latest_event_payload AS payload,
             latest_event_at AS received_at
        FROM uploads
       WHERE upload_id = :uploadId AND registration = :registration
         AND latest_event_action IS NOT NULL
      """)
  Optional<LatestEvent> findLatestEvent(String uploadId, long registration);

  /**
   * Stores the event as the registration's latest unless the stored one is newer; false if nothing
   * was updated.
   */
  @SqlUpdate(
      """
      UPDATE uploads
         SET latest_event_action = :action,
             latest_event_payload = :payload,
             latest_event_at = :receivedAt,
             finished_at = CASE WHEN :terminal THEN CAST(:receivedAt AS timestamptz) END
       WHERE upload_id = :uploadId AND registration = :registration
         AND (latest_event_at IS NULL OR latest_event_at <= :receivedAt)
      """)
  boolean saveLatestEventUnlessOlder(
      String uploadId,
      long registration,
      String action,
      String payload,
      Instant receivedAt,
      boolean terminal);

  /** The same for many uploads in one statement; arrays are parallel, one element per upload. */
  @SqlUpdate(
      """
      UPDATE uploads AS u
         SET latest_event_action = e.action,
             latest_event_payload = e.payload,
             latest_event_at = e.received_at,
             finished_at = CASE WHEN e.terminal THEN e.received_at END
        FROM unnest(CAST(:uploadIds AS text[]),
                    CAST(:registrations AS bigint[]),
                    CAST(:actions AS text[]),
                    CAST(:payloads AS text[]),
                    CAST(:receivedAts AS timestamptz[]),
                    CAST(:terminals AS boolean[]))
             AS e (upload_id, registration, action, payload, received_at, terminal)
       WHERE u.upload_id = e.upload_id AND u.registration = e.registration
         AND (u.latest_event_at IS NULL OR u.latest_event_at <= e.received_at)
      """)
  int saveLatestEventsUnlessOlder(
      String[] uploadIds,
      String[] registrations,
      String[] actions,
      String[] payloads,
      String[] receivedAts,
      String[] terminals);

  @SqlQuery(
      """
      SELECT EXISTS (
        SELECT 1 FROM uploads WHERE upload_id = :uploadId AND registration = :registration)
      """)
  boolean exists(String uploadId, long registration);
}
