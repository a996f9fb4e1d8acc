package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** {@link SubscriberDirectory} on PostgreSQL: one query per audience; thread-safe. */
public final class PostgresSubscriberDirectory implements SubscriberDirectory {
  private final SubscriptionDao subscriptions;

  public PostgresSubscriberDirectory(Jdbi jdbi) {
    this.subscriptions = jdbi.onDemand(SubscriptionDao.class);
  }

  @Override
  public Optional<UploadAudience> findAudience(UploadId uploadId, Instant expiryCutoff) {
    return Outages.translate(
        () -> {
          List<AudienceRow> rows = subscriptions.findAudience(uploadId.value(), expiryCutoff);
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          Set<UserId> subscribers =
              rows.stream()
                  .map(AudienceRow::subscriberId)
                  .filter(Objects::nonNull)
                  .map(UserId::new)
                  .collect(Collectors.toSet());
          AudienceRow first = rows.get(0);
          return Optional.of(
              new UploadAudience(
                  uploadId, first.registration(), new UserId(first.ownerId()), subscribers));
        });
  }
}
