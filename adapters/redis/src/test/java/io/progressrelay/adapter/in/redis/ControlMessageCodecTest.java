package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ControlMessageCodec.ControlMessage;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessageCodecTest {
  private static final UserId BOB = new UserId("bob");
  private static final UploadId UPLOAD = new UploadId("u-42");
  private final ControlMessageCodec codec = new ControlMessageCodec(new JsonFactory());
  private final RedisNodeId node = new RedisNodeId("node-a");

  @Test
  void writesTheDocumentedShape() {
    byte[] subscribed = codec.encode(node, AudienceChange.subscribed(BOB, UPLOAD));
    byte[] deleted = codec.encode(node, AudienceChange.uploadDeleted(UPLOAD));
    byte[] registered = codec.encode(node, AudienceChange.uploadRegistered(UPLOAD));

    assertThat(new String(subscribed, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"origin\":\"node-a\",\"type\":\"SUBSCRIBED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}");
    assertThat(new String(deleted, StandardCharsets.UTF_8))
        .isEqualTo("{\"origin\":\"node-a\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\"}");
    assertThat(new String(registered, StandardCharsets.UTF_8))
        .isEqualTo("{\"origin\":\"node-a\",\"type\":\"UPLOAD_REGISTERED\",\"uploadId\":\"u-42\"}");
  }

  @Test
  void readsBackEveryKindOfChange() throws Exception {
    var changes =
        List.of(
            AudienceChange.subscribed(BOB, UPLOAD),
            AudienceChange.unsubscribed(BOB, UPLOAD),
            AudienceChange.accessRevoked(BOB, UPLOAD),
            AudienceChange.uploadDeleted(UPLOAD),
            AudienceChange.uploadRegistered(UPLOAD));

    for (AudienceChange change : changes) {
      assertThat(codec.decode(codec.encode(node, change)))
          .isEqualTo(new ControlMessage("node-a", change));
    }
  }

  @Test
  void ignoresFieldsAddedByNewerInstances() throws Exception {
    String json =
        "{\"version\":2,\"origin\":\"n\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\",\"extra\":{\"a\":[1]}}";

    assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).change())
        .isEqualTo(AudienceChange.uploadDeleted(UPLOAD));
  }
}
