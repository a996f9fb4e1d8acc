package io.progressrelay.adapter.in.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryChannelInterest;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InProcessEventSourceTest {
  @Test
  void relaysPublishedEventsInOrderOnItsOwnThread() {
    List<ProgressEvent> relayed = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (var source = new InProcessEventSource(Clock.systemUTC())) {
      source.start(
          event -> {
            relayed.add(event);
            threads.add(Thread.currentThread().getName());
          });
      var upload = new EventChannel.Upload("upload:", new UploadId("u-1"));
      var user = new EventChannel.User("user:", new UserId("alice"));

      source.publish(upload, "upload_progress", null, "u-1", "{\"action\":\"upload_progress\"}");
      source.publish(user, "file_progress", "b-1", "u-1", "{\"action\":\"file_progress\"}");
      source.publish(upload, "upload_completed", null, null, "{\"action\":\"upload_completed\"}");

      await().until(() -> relayed.size() == 3);
      assertThat(relayed)
          .extracting(ProgressEvent::action)
          .containsExactly("upload_progress", "file_progress", "upload_completed");
      assertThat(relayed.get(1).channel()).isEqualTo(user);
      assertThat(relayed.get(1).batchId()).contains("b-1");
      assertThat(relayed.get(2).payload()).isEqualTo("{\"action\":\"upload_completed\"}");
      assertThat(threads).containsOnly("in-process-events");
      assertThat(source.isConnected()).isTrue();
    }
  }

  @Test
  void inInterestModeOnlyTheChannelsAskedForAreHandedOver() {
    List<ProgressEvent> relayed = new CopyOnWriteArrayList<>();
    var interest = new InMemoryChannelInterest();
    try (var source = new InProcessEventSource(Clock.systemUTC())) {
      source.receiveOnly(interest::wants);
      source.start(relayed::add);
      interest.add(List.of("upload:watched"));

      source.publish(
          new EventChannel.Upload("upload:", new UploadId("ignored")),
          "upload_log",
          null,
          null,
          "{}");
      source.publish(
          new EventChannel.Upload("upload:", new UploadId("watched")),
          "upload_log",
          null,
          null,
          "{}");

      await().until(() -> relayed.size() == 1 && source.unwanted() == 1);
      assertThat(relayed.get(0).channel().key()).isEqualTo("upload:watched");
    }
  }

  @Test
  void aClosedSourceIsDisconnectedAndRefusesEvents() {
    var source = new InProcessEventSource(Clock.systemUTC());
    source.start(event -> {});
    source.close();

    assertThat(source.isConnected()).isFalse();
    assertThat(
            source.publish(
                new EventChannel.Upload("upload:", new UploadId("u-1")),
                "upload_progress",
                null,
                null,
                "{}"))
        .isFalse();
    assertThatThrownBy(() -> source.start(event -> {})).isInstanceOf(IllegalStateException.class);
  }
}
