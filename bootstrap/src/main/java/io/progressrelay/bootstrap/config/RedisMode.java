package io.progressrelay.bootstrap.config;

/** Whether Redis is one server ({@code RELAY_REDIS_MODE=standalone}) or a Redis Cluster. */
public enum RedisMode {
  STANDALONE,
  CLUSTER
}
