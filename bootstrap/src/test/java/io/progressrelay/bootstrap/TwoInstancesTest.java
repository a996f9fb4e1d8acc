package io.progressrelay.bootstrap;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Two relay instances on one database, one Redis and one set of channels, as behind a load
 * balancer, started once for a test class (named after it) and both listening before its first
 * test; plus a publisher on their channels.
 */
abstract class TwoInstancesTest {
  static RelayUnderTest first;
  static RelayUnderTest second;
  static RedisPublisher redis;

  @BeforeAll
  static void startTwoInstances(TestInfo test) {
    first = new RelayUnderTest(test.getTestClass().orElseThrow().getSimpleName(), Map.of());
    second = first.secondInstance();
    redis = first.publisher();
    await().atMost(Duration.ofSeconds(10)).until(first.application()::listening);
    await().atMost(Duration.ofSeconds(10)).until(second.application()::listening);
  }

  @AfterAll
  static void stopTwoInstances() {
    redis.close();
    second.close();
    first.close();
  }
}
