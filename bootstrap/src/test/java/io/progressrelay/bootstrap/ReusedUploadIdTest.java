package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An upload id deleted and registered again for another owner within the latest-event write-back,
 * on two instances sharing PostgreSQL and Redis: the new owner sees nothing of the old upload,
 * neither events the old owner's worker published before the delete nor ones it published after.
 */
class ReusedUploadIdTest extends TwoInstancesTest {
  private static final String ALICES = "alices-secret";
  private static final String STRAY = "published-after-the-delete";
  private static final AtomicInteger PROBES = new AtomicInteger();

  @Test
  void theNewOwnerGetsNothingOfThePreviousUploadOnTheInstanceThatDeletedIt() {
    reuseAndSubscribe("reuse-one", first);
  }

  @Test
  void theNewOwnerGetsNothingOfThePreviousUploadOnAnotherInstance() {
    reuseAndSubscribe("reuse-two", second);
  }

  /**
   * Every request goes to the first instance; the sockets are on {@code socketsOn}, whose route for
   * the upload holds Alice's event as its latest when the upload is deleted.
   */
  private static void reuseAndSubscribe(String uploadId, RelayUnderTest socketsOn) {
    String path = "/api/uploads/" + uploadId;
    String worker = first.tokenFor("worker", Role.SERVICE);
    assertThat(first.api.put(path, worker, "{\"ownerId\":\"alice\"}").status()).isEqualTo(201);
    TestSocket alice = socketsOn.socketFor("alice");
    assertThat(first.api.post(path + "/subscription", first.tokenFor("alice")).status())
        .isEqualTo(201);
    assertThat(firstFrameWhilePublishing(alice, uploadId, ALICES)).contains(ALICES);
    alice.close();

    assertThat(first.api.delete(path, worker).status()).isEqualTo(204);
    long relayedFirst = relayed(first);
    long relayedSecond = relayed(second);
    redis.publishUpload(uploadId, event(STRAY));
    await().until(() -> relayed(first) > relayedFirst && relayed(second) > relayedSecond);
    assertThat(first.api.put(path, worker, "{\"ownerId\":\"bob\"}").status()).isEqualTo(201);
    engine(first).flushLatestEvents();
    engine(second).flushLatestEvents();

    String bob = first.tokenFor("bob");
    assertThat(first.api.get(path, bob).json().path("latestEvent").isNull())
        .as("the new registration's stored latest event")
        .isTrue();
    TestSocket bobSocket = socketsOn.socketFor("bob");
    assertThat(first.api.post(path + "/subscription", bob).status()).isEqualTo(201);
    assertThat(firstFrameWhilePublishing(bobSocket, uploadId, "bobs"))
        .as("the first frame Bob receives after subscribing")
        .contains("bobs")
        .doesNotContain(ALICES)
        .doesNotContain(STRAY);
    bobSocket.close();
  }

  /**
   * Publishes events marked {@code marker} until the socket has received a frame, and returns that
   * frame: a replay of the latest event, if the subscription brought one, comes before any of them.
   */
  private static String firstFrameWhilePublishing(
      TestSocket socket, String uploadId, String marker) {
    await()
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              redis.publishUpload(uploadId, event(marker + "-" + PROBES.incrementAndGet()));
              return socket.pendingFrames() > 0;
            });
    return socket.nextFrame();
  }

  private static String event(String note) {
    return "{\"action\":\"upload_progress\",\"payload\":{\"note\":\"" + note + "\"}}";
  }

  private static long relayed(RelayUnderTest relay) {
    return engine(relay).stats().eventsRelayed();
  }

  private static FanOutEngine engine(RelayUnderTest relay) {
    return relay.application().engine();
  }
}
