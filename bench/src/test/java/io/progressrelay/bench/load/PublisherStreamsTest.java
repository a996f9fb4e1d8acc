package io.progressrelay.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bench.load.Server.Protocol;
import io.progressrelay.bench.load.Server.ServerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For a relay in streams mode the benchmark's publisher appends to its stream, as a worker would.
 */
class PublisherStreamsTest {
  @Test
  void appendsEveryEventToTheStreamOfARelayInStreamsMode() {
    String stream = "t" + System.nanoTime() + ":bench-events";
    var relay =
        new ServerSpec(
            "relay_streams",
            Protocol.WEBSOCKET,
            0,
            Path.of("."),
            List.of(),
            Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream),
            true);
    var redis = TestRedis.settings();
    try (var publisher =
            new Publisher(
                    redis.url().getHost(),
                    redis.url().getPort(),
                    new String[] {"bench-upload"},
                    0,
                    330)
                .forServer(relay);
        var jedis = redis.connect()) {
      assertThat(publisher.publish(1_000, 0.05)).isEqualTo(50);

      assertThat(jedis.xlen(stream)).isEqualTo(50);
      var first = jedis.xrange(stream, "-", "+", 1).get(0);
      assertThat(first.getFields()).containsEntry("channel", "upload:bench-upload");
      assertThat(first.getFields().get("data")).startsWith("{\"action\":\"upload_progress\"");
      jedis.del(stream);
    }
  }
}
