package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ControlMessageCodec.ControlMessage;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlMessageCodecTest {
  private static final UserId BOB = new UserId("bob");
  private static final UploadId UPLOAD = new UploadId("u-42");
  private static final SequenceStamp SEVENTH = new SequenceStamp(7, 6);
  private final ControlMessageCodec codec = new ControlMessageCodec(new JsonFactory());
  private final RedisNodeId node = new RedisNodeId("node-a");

  @Test
  void writesTheDocumentedShape() {
    byte[] subscribed = codec.encode(node, SEVENTH, AudienceChange.subscribed(BOB, UPLOAD));
    byte[] deleted = codec.encode(node, SEVENTH, AudienceChange.uploadDeleted(UPLOAD));
    byte[] registered = codec.encode(node, SEVENTH, AudienceChange.uploadRegistered(UPLOAD));
    byte[] notice = codec.encodeNotice(node, new SequenceStamp(9, 6));

    assertThat(text(subscribed))
        .isEqualTo(
            "{\"origin\":\"node-a\",\"seq\":7,\"after\":6,\"type\":\"SUBSCRIBED\","
                + "\"uploadId\":\"u-42\",\"userId\":\"bob\"}");
    assertThat(text(deleted))
        .isEqualTo(
            "{\"origin\":\"node-a\",\"seq\":7,\"after\":6,\"type\":\"UPLOAD_DELETED\","
                + "\"uploadId\":\"u-42\"}");
    assertThat(text(registered))
        .isEqualTo(
            "{\"origin\":\"node-a\",\"seq\":7,\"after\":6,\"type\":\"UPLOAD_REGISTERED\","
                + "\"uploadId\":\"u-42\"}");
    assertThat(text(notice)).isEqualTo("{\"origin\":\"node-a\",\"seq\":9,\"after\":6}");
  }

  @Test
  void readsBackEveryKindOfChangeWithItsNumbers() throws Exception {
    var changes =
        List.of(
            AudienceChange.subscribed(BOB, UPLOAD),
            AudienceChange.unsubscribed(BOB, UPLOAD),
            AudienceChange.accessRevoked(BOB, UPLOAD),
            AudienceChange.uploadDeleted(UPLOAD),
            AudienceChange.uploadRegistered(UPLOAD));

    for (AudienceChange change : changes) {
      assertThat(codec.decode(codec.encode(node, SEVENTH, change)))
          .isEqualTo(new ControlMessage("node-a", Optional.of(SEVENTH), Optional.of(change)));
    }
  }

  @Test
  void readsANoticeAsNumbersWithoutAChange() throws Exception {
    var stamp = new SequenceStamp(9, 6);

    assertThat(codec.decode(codec.encodeNotice(node, stamp)))
        .isEqualTo(new ControlMessage("node-a", Optional.of(stamp), Optional.empty()));
  }

  @Test
  void readsAMessageOfAnOlderInstanceWithoutNumbers() throws Exception {
    String json = "{\"origin\":\"n\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\"}";

    assertThat(codec.decode(bytes(json)))
        .isEqualTo(
            new ControlMessage(
                "n", Optional.empty(), Optional.of(AudienceChange.uploadDeleted(UPLOAD))));
  }

  @Test
  void rejectsNumbersThatCannotBe() {
    for (String json :
        List.of(
            "{\"origin\":\"n\",\"seq\":3}",
            "{\"origin\":\"n\",\"after\":3}",
            "{\"origin\":\"n\",\"seq\":0,\"after\":0}",
            "{\"origin\":\"n\",\"seq\":3,\"after\":3}",
            "{\"origin\":\"n\",\"seq\":3,\"after\":-1}",
            "{\"origin\":\"n\",\"seq\":\"3\",\"after\":2}",
            "{\"origin\":\"n\"}")) {
      assertThatThrownBy(() -> codec.decode(bytes(json)))
          .as(json)
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void ignoresFieldsAddedByNewerInstances() throws Exception {
    String json =
        "{\"version\":2,\"origin\":\"n\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\",\"extra\":{\"a\":[1]}}";

    assertThat(codec.decode(bytes(json)).change()).contains(AudienceChange.uploadDeleted(UPLOAD));
  }

  private static String text(byte[] message) {
    return new String(message, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
