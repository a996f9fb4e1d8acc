package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What PostgreSQL must keep exactly: event payloads to the byte, timestamps to the microsecond. */
final class PostgresLatestEventTest {
  private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00.123456Z");

  private static MigratedDatabase database;
  private static PostgresUploadRepository uploads;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresLatestEventTest.class);
    uploads = new PostgresUploadRepository(database.jdbi());
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  /** Stores {@code event} as the latest of the upload's current registration. */
  private static boolean saveLatest(UploadId upload, LatestEvent event) {
    long registration =
        new PostgresSubscriberDirectory(database.jdbi())
            .findAudience(upload, CREATED)
            .orElseThrow()
            .registration();
    return uploads.saveLatestEvent(upload, registration, event);
  }

  private static UploadId registered(String id) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId("alice")), CREATED);
    return uploadId;
  }

  @Test
  void thePayloadRoundTripsByteForByte() {
    UploadId upload = registered("verbatim");
    String payload = oddlyFormattedPayloadOfAFewKibibytes();
    var event = new LatestEvent("upload_progress", payload, CREATED.plusMillis(1));

    saveLatest(upload, event);

    String read = uploads.findById(upload).orElseThrow().latestEvent().orElseThrow().payload();
    byte[] stored =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.select(
                            "SELECT convert_to(latest_event_payload, 'UTF8') FROM uploads"
                                + " WHERE upload_id = ?",
                            upload.value())
                        .mapTo(byte[].class)
                        .one());
    assertThat(read.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(stored).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void timestampsKeepTheirMicroseconds() {
    UploadId upload = registered("micros");
    Instant at = Instant.parse("2026-11-01T10:00:01.654321Z");
    saveLatest(upload, new LatestEvent("upload_completed", "{}", at));

    var found = uploads.findById(upload).orElseThrow();

    assertThat(found.createdAt()).isEqualTo(CREATED);
    assertThat(found.finishedAt()).contains(at);
  }

  @Test
  void anOlderEventDoesNotReplaceANewerOne() {
    UploadId upload = registered("out-of-order");
    var newer = new LatestEvent("upload_progress", "{\"p\":2}", CREATED.plusSeconds(20));
    var older = new LatestEvent("upload_completed", "{\"p\":1}", CREATED.plusSeconds(10));
    saveLatest(upload, newer);

    assertThat(saveLatest(upload, older)).as("the upload exists").isTrue();
    assertThat(uploads.findById(upload).orElseThrow().latestEvent()).contains(newer);
  }

  private static String oddlyFormattedPayloadOfAFewKibibytes() {
    var payload =
        new StringBuilder(
            "{ \"zeta\" :1,\"action\":\"upload_progress\" ,\n\t\"note\":\"said \\\"hi\\\" \\\\ é ß"
                + " 日本語 😀 \\u00e9\",\"files\":[");
    for (int i = 0; i < 200; i++) {
      payload.append(i == 0 ? "" : ", ").append("{\"name\":\"Datei-").append(i).append("-ü.bin\"}");
    }
    return payload.append("]   }").toString();
  }
}
