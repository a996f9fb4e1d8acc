package io.progressrelay.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code demo} command was asked for.
 *
 * @param port the HTTP port, or empty for {@code RELAY_HTTP_PORT} (default 7070); 0 picks one
 * @param users the demo users whose uploads are simulated, each with a page of their own
 * @param uploadsPerSecond how many new uploads start per second, on average
 * @param step the average time between two events of one upload
 * @param inMemory true to run on in-memory adapters even when PostgreSQL and Redis answer
 */
public record DemoOptions(
    Optional<Integer> port,
    List<String> users,
    double uploadsPerSecond,
    Duration step,
    boolean inMemory) {
  public DemoOptions {
    users = List.copyOf(users);
  }
}
