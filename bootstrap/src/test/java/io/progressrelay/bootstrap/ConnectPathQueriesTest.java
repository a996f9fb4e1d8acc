package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a browser's connection costs PostgreSQL, counted at the relay's repositories on a real
 * database: nothing to connect and authenticate, one query to load the routing of an upload whose
 * events it follows when that routing is not cached, and none once it is.
 */
class ConnectPathQueriesTest {
  private static final StorageCalls STORAGE = new StorageCalls();
  private static RelayUnderTest relay;
  private static RedisPublisher redis;

  @BeforeAll
  static void startRelay() {
    relay = RelayUnderTest.onBackends("ConnectPathQueriesTest", STORAGE, Map.of());
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  @Test
  void connectingAndAuthenticatingQueryNothing() {
    STORAGE.reset();

    TestSocket socket = relay.socketFor("connect-user");

    assertThat(STORAGE.made()).isEmpty();
    socket.close();
  }

  @Test
  void anUploadsRoutingLoadsWithOneQueryAndNoneOnceCached() {
    String user = "route-user";
    String upload = followedUpload(user);
    // As after a Redis outage, or when an idle route was evicted: the routing is read again.
    relay.application().engine().resynchronize();
    STORAGE.reset();

    TestSocket socket = relay.socketFor(user);
    String first = "{\"action\":\"upload_progress\",\"upload_id\":\"" + upload + "\",\"n\":1}";
    redis.publishUpload(upload, first);

    assertThat(socket.nextFrame()).isEqualTo(first);
    // The audience and the registration's latest event come in one query.
    assertThat(STORAGE.made()).containsExactly("SubscriberDirectory.findAudiences");
    socket.close();

    STORAGE.reset();
    TestSocket again = relay.socketFor(user);
    String second = "{\"action\":\"upload_progress\",\"upload_id\":\"" + upload + "\",\"n\":2}";
    redis.publishUpload(upload, second);

    assertThat(again.nextFrame()).isEqualTo(second);
    assertThat(STORAGE.made()).isEmpty();
    again.close();
  }

  // An upload of the user's own, subscribed through the REST API, whose routing has loaded: an
  // event published on it reached a socket of the user.
  private static String followedUpload(String user) {
    String upload = "cp-" + user;
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(
            relay
                .api
                .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + user + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            relay
                .api
                .post("/api/uploads/" + upload + "/subscription", relay.tokenFor(user))
                .status())
        .isEqualTo(201);
    TestSocket socket = relay.socketFor(user);
    String loaded = "{\"action\":\"upload_log\",\"upload_id\":\"" + upload + "\"}";
    redis.publishUpload(upload, loaded);
    assertThat(socket.nextFrame()).isEqualTo(loaded);
    socket.close();
    return upload;
  }
}
