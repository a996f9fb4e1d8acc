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
  private static final ClientConnection[] NONE = new ClientConnection[0];

  private final ConcurrentHashMap<UserId, ClientConnection[]> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxPerUser;

  ConnectionRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /**
   * @throws ConnectionLimitException when the user already has {@code maxPerUser} connections
   */
  void add(ClientConnection connection) {
    byUser.compute(
        connection.userId(),
        (user, current) -> {
          ClientConnection[] existing = current == null ? NONE : current;
          if (existing.length >= maxPerUser) {
            throw new ConnectionLimitException(maxPerUser);
          }
          ClientConnection[] grown = Arrays.copyOf(existing, existing.length + 1);
          grown[existing.length] = connection;
          return grown;
        });
    count.incrementAndGet();
  }

  void remove(ClientConnection connection) {
    byUser.computeIfPresent(
        connection.userId(),
        (user, current) -> {
          List<ClientConnection> kept = new ArrayList<>(current.length);
          for (ClientConnection c : current) {
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
  ClientConnection[] of(UserId user) {
    ClientConnection[] connections = byUser.get(user);
    return connections == null ? NONE : connections;
  }

  int size() {
    return count.get();
  }

  List<ClientConnection> all() {
    List<ClientConnection> all = new ArrayList<>();
    byUser.values().forEach(connections -> all.addAll(Arrays.asList(connections)));
    return all;
  }
}
