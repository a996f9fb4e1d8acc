package io.progressrelay.adapter.out.redis;

import io.progressrelay.adapter.in.redis.RedisProgressListener;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names this relay instance on the control channel, so the listener can skip the audience changes
 * its own publisher announced (the local engine has applied them already); one per process, shared
 * by {@link RedisProgressListener} and {@link RedisAudienceChangePublisher}.
 */
public record RedisNodeId(String value) {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public RedisNodeId {
    Objects.requireNonNull(value, "value");
    if (!ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException("'nodeId' must be 1..64 chars of [A-Za-z0-9_.:-]");
    }
  }

  /** A fresh random id; create one at start-up and hand it to the listener and the publisher. */
  public static RedisNodeId random() {
    return new RedisNodeId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
