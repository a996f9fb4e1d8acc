package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL behind {@link PostgresGrantRepository}. */
@RegisterConstructorMapper(GrantRow.class)
interface GrantDao {
  /** Keeps the upload from being deleted until the transaction ends; empty if it is gone. */
  @SqlQuery("SELECT upload_id FROM uploads WHERE upload_id = :uploadId FOR KEY SHARE")
  Optional<String> lockUpload(String uploadId);

  @SqlUpdate(
      """
      INSERT INTO grants (upload_id, grantee_id, granted_by, granted_at)
      VALUES (:uploadId, :granteeId, :grantedBy, :grantedAt)
      ON CONFLICT (upload_id, grantee_id) DO NOTHING
      """)
  boolean insertIfAbsent(String uploadId, String granteeId, String grantedBy, Instant grantedAt);

  @SqlQuery(
      """
      SELECT upload_id, grantee_id, granted_by, granted_at
        FROM grants
       WHERE upload_id = :uploadId AND grantee_id = :granteeId
      """)
  Optional<GrantRow> find(String uploadId, String granteeId);

  @SqlQuery(
      """
      SELECT upload_id, grantee_id, granted_by, granted_at
        FROM grants
       WHERE upload_id = :uploadId
       ORDER BY granted_at, grantee_id
      """)
  List<GrantRow> findByUpload(String uploadId);

  /**
   * Deletes the grant and the grantee's subscription to the upload in one statement, so both go or
   * neither; true if there was a grant.
   */
  @SqlQuery(
      """
      WITH revoked AS (
             DELETE FROM grants
              WHERE upload_id = :uploadId AND grantee_id = :granteeId
             RETURNING grantee_id),
           unsubscribed AS (
             DELETE FROM subscriptions
              WHERE upload_id = :uploadId AND user_id = :granteeId)
      SELECT EXISTS (SELECT 1 FROM revoked)
      """)
  boolean revoke(String uploadId, String granteeId);
}
