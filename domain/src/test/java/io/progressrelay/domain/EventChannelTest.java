package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Channel names under configurable prefixes, and the prefix-free key that orders frames. */
class EventChannelTest {
  @Test
  void aParsedChannelKeepsTheNameItWasPublishedUnder() {
    EventChannel upload = EventChannel.parse("relay-a:up:", "relay-a:us:", "relay-a:up:42").get();
    EventChannel user = EventChannel.parse("relay-a:up:", "relay-a:us:", "relay-a:us:alice").get();

    assertThat(upload).isInstanceOf(EventChannel.Upload.class);
    assertThat(((EventChannel.Upload) upload).uploadId()).isEqualTo(new UploadId("42"));
    assertThat(upload.name()).isEqualTo("relay-a:up:42");
    assertThat(upload).hasToString("relay-a:up:42");
    assertThat(((EventChannel.User) user).userId()).isEqualTo(new UserId("alice"));
    assertThat(user.name()).isEqualTo("relay-a:us:alice");
  }

  @Test
  void aBuiltChannelIsNamedByItsPrefixAndId() {
    assertThat(new EventChannel.Upload("up.", new UploadId("42")).name()).isEqualTo("up.42");
    assertThat(new EventChannel.User("us.", new UserId("alice")).name()).isEqualTo("us.alice");
  }

  @Test
  void theKeyAndEqualityIgnoreThePrefix() {
    var published = new EventChannel.Upload("relay-a:up:", new UploadId("42"));
    var byDefault = new EventChannel.Upload("upload:", new UploadId("42"));

    assertThat(published).isEqualTo(byDefault).hasSameHashCodeAs(byDefault);
    assertThat(published.key())
        .isEqualTo("upload:42")
        .isEqualTo(EventChannel.keyOf(new UploadId("42")));
    assertThat(new EventChannel.User("relay-a:us:", new UserId("alice")).key())
        .isEqualTo("user:alice");
    assertThat(published).isNotEqualTo(new EventChannel.User("relay-a:us:", new UserId("42")));
  }

  @Test
  void eventsOfOneChannelCoalesceAlikeWhateverThePrefix() {
    var a =
        ProgressEvent.of(
            new EventChannel.Upload("relay-a:up:", new UploadId("42")),
            "upload_progress",
            null,
            null,
            "{}",
            Instant.EPOCH,
            0);
    var b =
        ProgressEvent.of(
            new EventChannel.Upload("upload:", new UploadId("42")),
            "upload_progress",
            null,
            null,
            "{}",
            Instant.EPOCH,
            0);

    assertThat(a.coalesceKey()).isEqualTo(b.coalesceKey()).isEqualTo("upload:42|upload_progress");
  }

  @Test
  void aNameUnderNeitherPrefixOrWithAnInvalidIdIsNotAChannel() {
    assertThat(EventChannel.parse("up:", "us:", "other:42")).isEmpty();
    assertThat(EventChannel.parse("up:", "us:", "up:not valid!")).isEmpty();
  }
}
