package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link SubscriberDirectory} on PostgreSQL: one query per audience, its latest event included;
 * thread-safe.
 */
public final class PostgresSubscriberDirectory implements SubscriberDirectory {
  private final SubscriptionDao subscriptions;

  public PostgresSubscriberDirectory(Jdbi jdbi) {
    this.subscriptions = jdbi.onDemand(SubscriptionDao.class);
  }

  @Override
  public Optional<UploadAudience> findAudience(UploadId uploadId, Instant expiryCutoff) {
    return Outages.translate(
        () ->
            subscriptions
                .findAudience(uploadId.value(), expiryCutoff)
                .map(
                    row ->
                        new UploadAudience(
                            uploadId,
                            row.registration(),
                            new UserId(row.ownerId()),
                            Arrays.stream(row.subscriberIds())
                                .map(UserId::new)
                                .collect(Collectors.toSet()),
                            row.latestEvent())));
  }
}
