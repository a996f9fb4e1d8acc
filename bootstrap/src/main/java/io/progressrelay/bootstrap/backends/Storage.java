package io.progressrelay.bootstrap.backends;

import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.application.port.out.history.DeliveryHistoryQueries;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import java.util.List;
import java.util.Objects;

/**
 * Where the relay keeps uploads, grants, subscriptions, delivery history and the checkpoints of the
 * streams it reads, ready for use, with the readiness checks that watch it; closing it releases its
 * resources (a connection pool).
 */
public record Storage(
    UploadRepository uploads,
    GrantRepository grants,
    SubscriptionRepository subscriptions,
    SubscriberDirectory subscribers,
    DeliveryHistoryStore historyStore,
    DeliveryHistoryQueries historyQueries,
    StreamCheckpoints streamCheckpoints,
    List<ReadinessCheck> readinessChecks,
    AutoCloseable resources)
    implements AutoCloseable {
  public Storage {
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(subscribers, "subscribers");
    Objects.requireNonNull(historyStore, "historyStore");
    Objects.requireNonNull(historyQueries, "historyQueries");
    Objects.requireNonNull(streamCheckpoints, "streamCheckpoints");
    readinessChecks = List.copyOf(readinessChecks);
    Objects.requireNonNull(resources, "resources");
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
