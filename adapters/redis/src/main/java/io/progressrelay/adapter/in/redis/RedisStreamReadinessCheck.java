package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.Objects;

/**
 * Ready while the stream reader is connected and has read the backlog it started with, so new
 * events reach browsers at once.
 */
public final class RedisStreamReadinessCheck implements ReadinessCheck {
  private final RedisStreamReader reader;

  public RedisStreamReadinessCheck(RedisStreamReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  @Override
  public String name() {
    return "redis-stream";
  }

  @Override
  public Result check() {
    if (!reader.isConnected()) {
      return new Result(
          name(), false, "not reading stream " + reader.streamKey() + "; reconnecting");
    }
    if (!reader.isCaughtUp()) {
      return new Result(name(), false, "reading the backlog of stream " + reader.streamKey());
    }
    return new Result(name(), true, "reading stream " + reader.streamKey());
  }
}
