package io.progressrelay.demo;

import io.progressrelay.adapter.out.postgres.PostgresServerProbe;
import io.progressrelay.adapter.out.redis.RedisReadinessCheck;
import io.progressrelay.bootstrap.config.AppConfig;
import java.util.ArrayList;
import java.util.List;

/** Asks the configured PostgreSQL and Redis whether they answer, before the demo picks adapters. */
final class LocalServers {
  private LocalServers() {}

  /** One line per server that does not answer, with where and why; empty when both answer. */
  static List<String> problems(AppConfig config) {
    List<String> problems = new ArrayList<>();
    PostgresServerProbe.problem(config.database())
        .ifPresent(
            why ->
                problems.add(
                    "PostgreSQL at "
                        + PostgresServerProbe.describe(config.database())
                        + " did not answer: "
                        + why));
    var redis = new RedisReadinessCheck(config.redis()).check();
    if (!redis.ready()) {
      problems.add("Redis did not answer: " + redis.detail());
    }
    return problems;
  }

  /** Where PostgreSQL and Redis are, without passwords, and the channels the demo uses. */
  static String describe(AppConfig config) {
    var redis = config.redis().url();
    var channels = config.redisListener();
    return "PostgreSQL "
        + PostgresServerProbe.describe(config.database())
        + " and Redis "
        + redis.getHost()
        + ":"
        + (redis.getPort() > 0 ? redis.getPort() : 6379)
        + " (channels "
        + channels.uploadPrefix()
        + "* and "
        + channels.userPrefix()
        + "*)";
  }
}
