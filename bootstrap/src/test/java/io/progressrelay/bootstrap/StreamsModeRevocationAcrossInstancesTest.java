package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.Role;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * In streams mode the control channel and the events arrive on two connections: measures how often
 * an event written right after a revoke's answer on the first instance still reaches the revoked
 * user on the second (docs/redis.md, streams mode, "Limits"). Each round ends with a sentinel on
 * the user's channel, written to the stream after the event, so a leaked event arrives before it.
 */
class StreamsModeRevocationAcrossInstancesTest {
  private static final Logger LOG =
      LoggerFactory.getLogger(StreamsModeRevocationAcrossInstancesTest.class);
  private static final int ROUNDS = 100;
  private static final String STREAM = "t" + System.nanoTime() + ":events";
  private static final Map<String, String> STREAMS =
      Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", STREAM);

  private static RelayUnderTest first;
  private static RelayUnderTest second;
  private static Jedis worker;
  private static RevokedUsersSocket bobOnSecond;

  @BeforeAll
  static void start() {
    first = new RelayUnderTest("StreamsModeRevocationAcrossInstancesTest", STREAMS);
    second = first.secondInstance(STREAMS);
    worker = TestRedis.settings().connect("test-worker");
    bobOnSecond = new RevokedUsersSocket(second.socketFor("bob"));
  }

  @AfterAll
  static void stop() {
    bobOnSecond.close();
    worker.del(STREAM);
    worker.close();
    second.close();
    first.close();
  }

  @Test
  void aRevokedGrantIsInForceOnTheOtherInstanceWhenTheRevokeIsAnswered() {
    String service = first.tokenFor("worker", Role.SERVICE);
    String alice = first.tokenFor("alice");
    String bob = first.tokenFor("bob");
    String uploadPrefix = first.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX");
    String userPrefix = first.redisEnvironment().get("RELAY_REDIS_USER_PREFIX");
    int leaked = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String id = "srev-" + round;
      first.api.put("/api/uploads/" + id, service, "{\"ownerId\":\"alice\"}");
      first.api.post("/api/uploads/" + id + "/grants", alice, "{\"userId\":\"bob\"}");
      assertThat(first.api.post("/api/uploads/" + id + "/subscription", bob).status())
          .isEqualTo(201);
      add(
          uploadPrefix + id,
          "{\"action\":\"upload_log\",\"step\":\"before\",\"id\":\"" + id + "\"}");
      bobOnSecond.readUntil(id, "\"before\"");

      assertThat(first.api.delete("/api/uploads/" + id + "/grants/bob", alice).status())
          .isEqualTo(204);
      add(
          uploadPrefix + id,
          "{\"action\":\"upload_log\",\"step\":\"after\",\"id\":\"" + id + "\"}");
      add(userPrefix + "bob", "{\"action\":\"sentinel\",\"id\":\"" + id + "\"}");
      if (bobOnSecond.leakedBeforeSentinel(id)) {
        leaked++;
      }
    }
    LOG.info("streams mode, revoke: {} of {} rounds leaked", leaked, ROUNDS);
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  private static void add(String channel, String json) {
    worker.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("channel", channel, "data", json));
  }
}
