package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.out.ReadinessCheck;

/** Ready when a node of the Redis Cluster answers with a slot map in which every slot is served. */
public final class RedisClusterReadinessCheck implements ReadinessCheck {
  private final RedisClusterSettings cluster;

  public RedisClusterReadinessCheck(RedisClusterSettings cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Result check() {
    try {
      var topology = ClusterTopology.load(cluster, java.util.List.of(), "progress-relay-readiness");
      return new Result(
          name(), true, "every slot served, by " + topology.masters().size() + " masters");
    } catch (RuntimeException e) {
      return new Result(name(), false, e.getMessage());
    }
  }
}
