package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link SubscriberDirectory} on PostgreSQL: one query for any number of audiences (the ids go as
 * one array), their latest events included; thread-safe.
 */
public final class PostgresSubscriberDirectory implements SubscriberDirectory {
  private final SubscriptionDao subscriptions;

  public PostgresSubscriberDirectory(Jdbi jdbi) {
    this.subscriptions = jdbi.onDemand(SubscriptionDao.class);
  }

  @Override
  public Map<UploadId, UploadAudience> findAudiences(
      Collection<UploadId> uploadIds, Instant expiryCutoff) {
    String[] ids = uploadIds.stream().map(UploadId::value).toArray(String[]::new);
    return Outages.translate(
        () -> {
          Map<UploadId, UploadAudience> audiences = new HashMap<>();
          for (AudienceRow row : subscriptions.findAudiences(ids, expiryCutoff)) {
            UploadId uploadId = new UploadId(row.uploadId());
            audiences.put(
                uploadId,
                new UploadAudience(
                    uploadId,
                    row.registration(),
                    new UserId(row.ownerId()),
                    Arrays.stream(row.subscriberIds()).map(UserId::new).collect(Collectors.toSet()),
                    row.latestEvent()));
          }
          return audiences;
        });
  }

  @Override
  public List<UploadId> followedBy(UserId user, Instant expiryCutoff) {
    return Outages.translate(
        () ->
            subscriptions.findLiveUploadIdsOfUser(user.value(), expiryCutoff).stream()
                .map(UploadId::new)
                .toList());
  }

  @Override
  public Map<UserId, List<UploadId>> followedByEach(
      Collection<UserId> users, Instant expiryCutoff) {
    String[] ids = users.stream().map(UserId::value).toArray(String[]::new);
    return Outages.translate(
        () -> {
          Map<UserId, List<UploadId>> follows = new HashMap<>();
          users.forEach(user -> follows.put(user, new ArrayList<>()));
          for (FollowRow row : subscriptions.findLiveUploadIdsOfUsers(ids, expiryCutoff)) {
            follows.get(new UserId(row.userId())).add(new UploadId(row.uploadId()));
          }
          return follows;
        });
  }
}
