package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL behind {@link PostgresSubscriptionRepository} and {@link PostgresSubscriberDirectory}. A
 * subscription is live unless its upload finished and both that finish and the subscription are
 * older than {@code :expiryCutoff}; every query below spells that rule out the same way.
 */
@RegisterConstructorMapper(SubscriptionRow.class)
@RegisterConstructorMapper(AudienceRow.class)
@RegisterConstructorMapper(FollowRow.class)
interface SubscriptionDao {
  /**
   * Serialises one user's subscribes until the transaction ends, so that counting and inserting
   * cannot interleave; different users hash to different keys and do not wait for each other.
   */
  @SqlQuery("SELECT true FROM pg_advisory_xact_lock(hashtextextended(:userId, 0))")
  boolean lockUser(String userId);

  /** Keeps the upload from being deleted until the transaction ends; empty if it is gone. */
  @SqlQuery("SELECT upload_id FROM uploads WHERE upload_id = :uploadId FOR KEY SHARE")
  Optional<String> lockUpload(String uploadId);

  @SqlUpdate(
      """
      DELETE FROM subscriptions s
       USING uploads u
       WHERE s.user_id = :userId AND s.upload_id = :uploadId
         AND u.upload_id = s.upload_id
         AND u.finished_at < :expiryCutoff AND s.subscribed_at < :expiryCutoff
      """)
  boolean deleteIfExpired(String userId, String uploadId, Instant expiryCutoff);

  @SqlQuery(
      """
      SELECT EXISTS (
        SELECT 1 FROM subscriptions WHERE user_id = :userId AND upload_id = :uploadId)
      """)
  boolean exists(String userId, String uploadId);

  @SqlQuery(
      """
      SELECT count(*)
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = :userId
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
      """)
  int countLiveOfUser(String userId, Instant expiryCutoff);

  @SqlUpdate(
      """
      INSERT INTO subscriptions (user_id, upload_id, subscribed_at)
      VALUES (:userId, :uploadId, :subscribedAt)
      """)
  void insert(String userId, String uploadId, Instant subscribedAt);

  @SqlUpdate("DELETE FROM subscriptions WHERE user_id = :userId AND upload_id = :uploadId")
  boolean delete(String userId, String uploadId);

  @SqlQuery(
      """
      SELECT s.user_id, s.upload_id, s.subscribed_at, u.finished_at AS upload_finished_at
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = :userId
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
       ORDER BY s.subscribed_at DESC, s.upload_id DESC
       LIMIT :limit
      """)
  List<SubscriptionRow> findFirstPageOfUser(String userId, Instant expiryCutoff, int limit);

  /** The page after the cursor: rows strictly older, or as old with a smaller upload id. */
  @SqlQuery(
      """
      SELECT s.user_id, s.upload_id, s.subscribed_at, u.finished_at AS upload_finished_at
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = :userId
         AND (s.subscribed_at, s.upload_id) < (:afterSubscribedAt, :afterUploadId)
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
       ORDER BY s.subscribed_at DESC, s.upload_id DESC
       LIMIT :limit
      """)
  List<SubscriptionRow> findPageOfUserAfter(
      String userId,
      Instant expiryCutoff,
      Instant afterSubscribedAt,
      String afterUploadId,
      int limit);

  @SqlQuery(
      """
      SELECT count(*)
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.upload_id = :uploadId
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
      """)
  int countLiveOfUpload(String uploadId, Instant expiryCutoff);

  @SqlQuery(
      """
      SELECT s.user_id, count(*) AS live
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = ANY (CAST(:userIds AS text[]))
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
       GROUP BY s.user_id
      """)
  @KeyColumn("user_id")
  @ValueColumn("live")
  Map<String, Integer> countLiveOfUsers(String[] userIds, Instant expiryCutoff);

  @SqlUpdate(
      """
      DELETE FROM subscriptions s
       USING uploads u
       WHERE u.upload_id = s.upload_id
         AND u.finished_at < :expiryCutoff AND s.subscribed_at < :expiryCutoff
      """)
  int deleteExpired(Instant expiryCutoff);

  @SqlQuery(
      """
      SELECT s.upload_id
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = :userId
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
      """)
  List<String> findLiveUploadIdsOfUser(String userId, Instant expiryCutoff);

  /** As {@link #findLiveUploadIdsOfUser} for each of {@code userIds}, one row per subscription. */
  @SqlQuery(
      """
      SELECT s.user_id, s.upload_id
        FROM subscriptions s
        JOIN uploads u ON u.upload_id = s.upload_id
       WHERE s.user_id = ANY (CAST(:userIds AS text[]))
         AND (u.finished_at IS NULL
              OR u.finished_at >= :expiryCutoff OR s.subscribed_at >= :expiryCutoff)
      """)
  List<FollowRow> findLiveUploadIdsOfUsers(String[] userIds, Instant expiryCutoff);

  /**
   * Each registered upload among {@code uploadIds} in one row: its registration, owner, latest
   * event (once, however many subscribers) and live subscribers; ids not registered have no row.
   */
  @SqlQuery(
      """
      SELECT u.upload_id, u.registration, u.owner_id,
             u.latest_event_action, u.latest_event_payload, u.latest_event_at,
             ARRAY(SELECT s.user_id
                     FROM subscriptions s
                    WHERE s.upload_id = u.upload_id
                      AND (u.finished_at IS NULL
                           OR u.finished_at >= :expiryCutoff
                           OR s.subscribed_at >= :expiryCutoff)) AS subscriber_ids
        FROM uploads u
       WHERE u.upload_id = ANY (CAST(:uploadIds AS text[]))
      """)
  List<AudienceRow> findAudiences(String[] uploadIds, Instant expiryCutoff);
}
