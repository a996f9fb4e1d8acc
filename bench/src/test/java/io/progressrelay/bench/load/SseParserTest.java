package io.progressrelay.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE framing as the load client reads it, however the body is cut into chunks. */
class SseParserTest {
  private static final String STREAM =
      "data: {\"action\":\"auth_success\",\"user_id\":\"alice\"}\n\n"
          + ": a comment\n"
          + "id: k3x9q2ab:1042\n"
          + "data: {\"action\":\"event\",\"position\":\"k3x9q2ab:1042\"}\n\n"
          + "event: other\r\n"
          + "data: first\r\n"
          + "data:second\r\n\r\n"
          + "id: 7\n\n" // no data: no message
          + "data\n\n"
          + "data: {\"action\":\"ping\"}\r\r";

  private static final List<String> MESSAGES =
      List.of(
          "{\"action\":\"auth_success\",\"user_id\":\"alice\"}",
          "{\"action\":\"event\",\"position\":\"k3x9q2ab:1042\"}",
          "first\nsecond",
          "",
          "{\"action\":\"ping\"}");

  @Test
  void handsOnEachMessagesDataInOneChunk() {
    assertThat(parse(STREAM.length())).isEqualTo(MESSAGES);
  }

  @Test
  void handsOnTheSameDataWhereverTheChunksAreCut() {
    for (int size = 1; size < 40; size++) {
      assertThat(parse(size)).as("chunks of %d bytes", size).isEqualTo(MESSAGES);
    }
  }

  @Test
  void tellsTheLatestStateReplayedFromALiveEvent() {
    String replayed =
        "{\"action\":\"event\",\"channel\":\"upload:u\",\"position\":\"k:1\",\"latest\":true,"
            + "\"data\":{\"action\":\"upload_progress\"}}";
    String live =
        "{\"action\":\"event\",\"channel\":\"upload:u\",\"position\":\"k:2\","
            + "\"data\":{\"action\":\"upload_progress\",\"note\":{\"latest\":true}}}";

    assertThat(SseLoadClient.replayed(bytes(replayed))).isTrue();
    assertThat(SseLoadClient.replayed(bytes(live))).isFalse();
  }

  private static List<String> parse(int chunkSize) {
    List<String> messages = new ArrayList<>();
    var parser =
        new SseParser(data -> messages.add(StandardCharsets.UTF_8.decode(data).toString()));
    byte[] all = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < all.length; from += chunkSize) {
      byte[] chunk = new byte[chunkSize + 6];
      int size = Math.min(chunkSize, all.length - from);
      System.arraycopy(all, from, chunk, 3, size);
      // As Jetty's chunks: a window on a larger buffer, overwritten once it has been read.
      ByteBuffer window = ByteBuffer.wrap(chunk).position(3).limit(3 + size);
      parser.accept(window);
      assertThat(window.position()).isEqualTo(3);
      java.util.Arrays.fill(chunk, (byte) '#');
    }
    return messages;
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
