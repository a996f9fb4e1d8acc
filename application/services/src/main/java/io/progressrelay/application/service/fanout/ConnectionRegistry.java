package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live connections of this instance, by user. Lookups on the fan-out path read an immutable
 * array without locking; connects and disconnects replace it. Thread-safe.
 */
final class ConnectionRegistry {
  private static final QueuedClientConnection[] NONE = new QueuedClientConnection[0];

  private final ConcurrentHashMap<UserId, QueuedClientConnection[]> byUser =
      new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxPerUser;

  ConnectionRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /**
   * @throws ConnectionLimitException when the user already has {@code maxPerUser} connections
   */
  void add(QueuedClientConnection connection) {
    byUser.compute(
        connection.userId(),
        (user, current) -> {
          QueuedClientConnection[] existing = current == null ? NONE : current;
          if (existing.length >= maxPerUser) {
            throw new ConnectionLimitException(maxPerUser);
          }
          QueuedClientConnection[] grown = Arrays.copyOf(existing, existing.length + 1);
          grown[existing.length] = connection;
          return grown;
        });
    count.incrementAndGet();
  }

  void remove(QueuedClientConnection connection) {
    byUser.computeIfPresent(
        connection.userId(),
        (user, current) -> {
          List<QueuedClientConnection> kept = new ArrayList<>(current.length);
          for (QueuedClientConnection c : current) {
            if (c != connection) {
              kept.add(c);
            }
          }
          if (kept.size() < current.length) {
            count.decrementAndGet();
          }
          return kept.isEmpty() ? null : kept.toArray(NONE);
        });
  }

  /** The user's connections at this moment; never null, and never to be modified. */
  QueuedClientConnection[] of(UserId user) {
    QueuedClientConnection[] connections = byUser.get(user);
    return connections == null ? NONE : connections;
  }

  int size() {
    return count.get();
  }

  List<QueuedClientConnection> all() {
    List<QueuedClientConnection> all = new ArrayList<>();
    byUser.values().forEach(connections -> all.addAll(Arrays.asList(connections)));
    return all;
  }
}
