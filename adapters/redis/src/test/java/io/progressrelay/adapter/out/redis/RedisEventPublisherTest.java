package io.progressrelay.adapter.out.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.application.port.out.publish.InvalidEventException;
import io.progressrelay.application.port.out.publish.PublishUnavailableException;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.OutgoingEvent;
import io.progressrelay.domain.PublishedEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The HTTP publish API's two Redis adapters on a real server: events appended to a stream in order
 * and byte for byte under the configured prefixes, the listener's rules applied before anything is
 * written, and idempotency keys claimed, completed and released.
 */
class RedisEventPublisherTest {
  private final TestChannels channels = TestChannels.unique();

  private static OutgoingEvent toUpload(String id, String json) {
    return new OutgoingEvent(
        new EventChannel.Upload("upload:", new UploadId(id)), json.getBytes(UTF_8));
  }

  @Test
  void eventsAreAppendedToTheStreamInOrderAsSentUnderTheConfiguredPrefixes() {
    String stream = "t" + UUID.randomUUID() + ":events";
    String progress = " {\"action\":\"upload_progress\",\"note\":\"café\"} ";
    String batch = "{\"action\":\"batch_progress\"}";
    try (var publisher =
            RedisEventPublisher.toStream(TestRedis.settings(), channels.settings(), stream);
        Jedis jedis = TestRedis.settings().connect()) {
      List<PublishedEvent> published =
          publisher.publish(
              List.of(
                  toUpload("up-1", progress),
                  new OutgoingEvent(
                      new EventChannel.User("user:", new UserId("ann")), batch.getBytes(UTF_8))));

      List<StreamEntry> entries = jedis.xrange(stream, (StreamEntryID) null, null);
      assertThat(entries).hasSize(2);
      assertThat(published.get(0).channel()).isEqualTo(channels.upload("up-1"));
      assertThat(published.get(0).entryId()).isEqualTo(entries.get(0).getID().toString());
      assertThat(entries.get(0).getFields())
          .containsEntry("channel", channels.upload("up-1"))
          .containsEntry("data", progress);
      assertThat(published.get(1).entryId()).isEqualTo(entries.get(1).getID().toString());
      assertThat(entries.get(1).getFields())
          .containsEntry("channel", channels.user("ann"))
          .containsEntry("data", batch);
      jedis.del(stream);
    }
  }

  @Test
  void anEventTheListenerWouldDropStopsTheWholeBatchNamingItsPlace() {
    String stream = "t" + UUID.randomUUID() + ":events";
    var small =
        new io.progressrelay.adapter.in.redis.RedisListenerSettings(
            channels.uploadPrefix(),
            channels.userPrefix(),
            channels.controlChannel(),
            64,
            Duration.ofMillis(100),
            Duration.ofSeconds(1));
    try (var publisher = RedisEventPublisher.toStream(TestRedis.settings(), small, stream);
        Jedis jedis = TestRedis.settings().connect()) {
      assertThatThrownBy(
              () ->
                  publisher.publish(
                      List.of(toUpload("a", "{\"action\":\"ok\"}"), toUpload("a", "{}"))))
          .isInstanceOfSatisfying(
              InvalidEventException.class,
              e -> {
                assertThat(e.index()).isEqualTo(1);
                assertThat(e.tooLarge()).isFalse();
                assertThat(e.getMessage()).isEqualTo("no 'action'");
              });
      assertThatThrownBy(
              () ->
                  publisher.publish(
                      List.of(toUpload("a", "{\"action\":\"" + "x".repeat(64) + "\"}"))))
          .isInstanceOfSatisfying(
              InvalidEventException.class, e -> assertThat(e.tooLarge()).isTrue());
      assertThat(jedis.exists(stream)).isFalse();
    }
  }

  @Test
  void anUnreachableRedisIsUnavailableNotAFailure() {
    var nowhere = new RedisSettings(URI.create("redis://127.0.0.1:1"), Duration.ofMillis(500));
    try (var publisher = RedisEventPublisher.toChannels(nowhere, channels.settings());
        var keys = new RedisIdempotencyStore(nowhere, "x:")) {
      assertThatThrownBy(() -> publisher.publish(List.of(toUpload("a", "{\"action\":\"a\"}"))))
          .isInstanceOf(PublishUnavailableException.class)
          .hasMessageContaining("127.0.0.1:1");
      assertThatThrownBy(() -> keys.claim("k", "f", Duration.ofSeconds(1)))
          .isInstanceOf(PublishUnavailableException.class);
    }
  }

  @Test
  void aKeyIsClaimedOnceThenHoldsItsAnswerAndIsReleasedOnlyByItsOwnClaim() {
    String prefix = "t" + UUID.randomUUID() + ":idem:";
    var answer =
        List.of(PublishedEvent.published("upload:a", 2), PublishedEvent.appended("user:b", "5-1"));
    try (var keys = new RedisIdempotencyStore(TestRedis.settings(), prefix);
        Jedis jedis = TestRedis.settings().connect()) {
      assertThat(keys.claim("k1", "fp", Duration.ofMinutes(1))).isEmpty();
      assertThat(keys.claim("k1", "fp", Duration.ofMinutes(1)))
          .contains(new IdempotencyStore.Attempt("fp", Optional.empty()));
      keys.release("k1", "other");
      assertThat(jedis.exists(prefix + "k1")).isTrue();

      keys.complete("k1", "fp", answer, Duration.ofMinutes(5));
      keys.release("k1", "fp"); // completed: a late release must not forget the answer

      assertThat(keys.claim("k1", "fp2", Duration.ofMinutes(1)))
          .contains(new IdempotencyStore.Attempt("fp", Optional.of(answer)));
      assertThat(jedis.pttl(prefix + "k1")).isGreaterThan(Duration.ofMinutes(1).toMillis());

      assertThat(keys.claim("k2", "fp", Duration.ofMinutes(1))).isEmpty();
      keys.release("k2", "fp");
      assertThat(keys.claim("k2", "fp", Duration.ofMinutes(1))).isEmpty();
      jedis.del(prefix + "k1", prefix + "k2");
    }
  }

  @Test
  void pubSubPublishingCountsTheReceivingClients() {
    try (var publisher =
        RedisEventPublisher.toChannels(TestRedis.settings(), channels.settings())) {
      List<PublishedEvent> published =
          publisher.publish(List.of(toUpload("nobody", "{\"action\":\"a\"}")));
      assertThat(published).containsExactly(PublishedEvent.published(channels.upload("nobody"), 0));
      assertThat(Arrays.asList(published.get(0).entryId())).containsOnlyNulls();
    }
  }
}
