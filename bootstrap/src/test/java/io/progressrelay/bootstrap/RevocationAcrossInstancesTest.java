package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revoke, delete or unsubscribe answered by the first instance is in force on the second: an
 * event published right after the answer never reaches the user there. Many rounds, each on a fresh
 * upload whose route the second instance has loaded with the user in it; each round ends with a
 * sentinel on the user's channel, which the second instance reads on the same connection after the
 * event, so a leaked event would arrive before it. Logs the requests' latency.
 */
class RevocationAcrossInstancesTest extends TwoInstancesTest {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationAcrossInstancesTest.class);
  private static final int ROUNDS = 100;

  private static RevokedUsersSocket bobOnSecond;
  private static String worker;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void connectBobToTheSecondInstance() {
    worker = first.tokenFor("worker", Role.SERVICE);
    alice = first.tokenFor("alice");
    bob = first.tokenFor("bob");
    bobOnSecond = new RevokedUsersSocket(second.socketFor("bob"));
  }

  @AfterAll
  static void closeBobsSocket() {
    bobOnSecond.close();
  }

  @Test
  void aRevokedGrantIsInForceOnTheOtherInstanceWhenTheRevokeIsAnswered() {
    int leaked =
        rounds(
            "revoke",
            id -> {
              first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
              first.api.post("/api/uploads/" + id + "/grants", alice, "{\"userId\":\"bob\"}");
            },
            id -> first.api.delete("/api/uploads/" + id + "/grants/bob", alice).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  @Test
  void anUnsubscribeIsInForceOnTheOtherInstanceWhenItIsAnswered() {
    int leaked =
        rounds(
            "unsubscribe",
            id -> first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"bob\"}"),
            id -> first.api.delete("/api/uploads/" + id + "/subscription", bob).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  @Test
  void aDeletedUploadIsInForceOnTheOtherInstanceWhenTheDeleteIsAnswered() {
    int leaked =
        rounds(
            "delete",
            id -> first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"bob\"}"),
            id -> first.api.delete("/api/uploads/" + id, worker).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  private interface Setup {
    void prepare(String uploadId);
  }

  // Returns the rounds in which the second instance delivered an event published after the answer.
  private static int rounds(String kind, Setup setup, Function<String, Integer> revocation) {
    int leaked = 0;
    List<Long> nanos = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String id = "rev-" + kind + "-" + round;
      setup.prepare(id);
      assertThat(first.api.post("/api/uploads/" + id + "/subscription", bob).status())
          .isEqualTo(201);
      redis.publishUpload(
          id, "{\"action\":\"upload_log\",\"step\":\"before\",\"id\":\"" + id + "\"}");
      bobOnSecond.readUntil(id, "\"before\""); // the second instance routes this upload to bob

      long started = System.nanoTime();
      int status = revocation.apply(id);
      nanos.add(System.nanoTime() - started);
      assertThat(status).isEqualTo(204);
      redis.publishUpload(
          id, "{\"action\":\"upload_log\",\"step\":\"after\",\"id\":\"" + id + "\"}");
      redis.publishUser("bob", "{\"action\":\"sentinel\",\"id\":\"" + id + "\"}");
      if (bobOnSecond.leakedBeforeSentinel(id)) {
        leaked++;
      }
    }
    Collections.sort(nanos);
    LOG.info(
        "{}: {} of {} rounds leaked; request latency p50 {} µs, p99 {} µs, max {} µs",
        kind,
        leaked,
        ROUNDS,
        nanos.get(nanos.size() / 2) / 1_000,
        nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1) / 1_000,
        nanos.get(nanos.size() - 1) / 1_000);
    return leaked;
  }
}
