package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadEndpointsTest {
  private TestRelay relay;
  private ApiClient backend;
  private ApiClient alice;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    backend = relay.as("backend", Role.SERVICE);
    alice = relay.as("alice");
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void registeringCreatesTheUploadOnceAndThenLeavesItUnchanged() {
    ApiResponse first = backend.put("/api/uploads/reg-1", "{\"ownerId\":\"alice\"}");
    ApiResponse again = backend.put("/api/uploads/reg-1", "{\"ownerId\":\"alice\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("uploadId").asText()).isEqualTo("reg-1");
    assertThat(first.json().path("ownerId").asText()).isEqualTo("alice");
    assertThat(first.json().path("created").asBoolean()).isTrue();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("created").asBoolean()).isFalse();
  }

  @Test
  void anAdminMayRegisterToo() {
    ApiResponse response =
        relay.as("root", Role.ADMIN).put("/api/uploads/reg-admin", "{\"ownerId\":\"alice\"}");

    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void theOwnerSeesTheUploadWithGrantsSubscribersAndTheLatestEventEmbedded() {
    backend.put("/api/uploads/get-1", "{\"ownerId\":\"alice\"}");
    alice.post("/api/uploads/get-1/grants", "{\"userId\":\"bob\"}");
    alice.post("/api/uploads/get-1/subscription");
    relay.recordEvent(
        "get-1", "upload_completed", "{\"action\":\"upload_completed\",\"bytes\":42}");

    ApiResponse response = alice.get("/api/uploads/get-1");

    assertThat(response.status()).isEqualTo(200);
    JsonNode upload = response.json();
    assertThat(upload.path("uploadId").asText()).isEqualTo("get-1");
    assertThat(upload.path("ownerId").asText()).isEqualTo("alice");
    assertThat(upload.path("createdAt").asText()).isEqualTo("2030-01-01T12:00:00Z");
    assertThat(upload.path("grants").get(0).path("userId").asText()).isEqualTo("bob");
    assertThat(upload.path("grants").get(0).path("grantedBy").asText()).isEqualTo("alice");
    assertThat(upload.path("grants").get(0).path("grantedAt").isTextual()).isTrue();
    assertThat(upload.path("subscriberCount").asInt()).isEqualTo(1);
    JsonNode event = upload.path("latestEvent");
    assertThat(event.path("action").asText()).isEqualTo("upload_completed");
    assertThat(event.path("terminal").asBoolean()).isTrue();
    assertThat(event.path("receivedAt").isTextual()).isTrue();
    assertThat(event.path("payload").path("bytes").asInt()).isEqualTo(42);
  }

  @Test
  void aGranteeSeesOnlyTheirOwnGrantWhileOwnerAndAdminSeeThemAll() {
    backend.put("/api/uploads/get-3", "{\"ownerId\":\"alice\"}");
    alice.post("/api/uploads/get-3/grants", "{\"userId\":\"bob\"}");
    alice.post("/api/uploads/get-3/grants", "{\"userId\":\"carol\"}");
    ApiClient bob = relay.as("bob");

    ApiResponse seenByBob = bob.get("/api/uploads/get-3");

    assertThat(seenByBob.status()).isEqualTo(200);
    assertThat(grantees(seenByBob)).containsExactly("bob");
    assertThat(seenByBob.json().path("grants").get(0).path("grantedBy").asText())
        .isEqualTo("alice");
    assertThat(seenByBob.body()).doesNotContain("carol");
    assertThat(grantees(relay.as("carol").get("/api/uploads/get-3"))).containsExactly("carol");
    assertThat(grantees(alice.get("/api/uploads/get-3"))).containsExactly("bob", "carol");
    assertThat(grantees(relay.as("root", Role.ADMIN).get("/api/uploads/get-3")))
        .containsExactly("bob", "carol");
    assertThat(bob.get("/api/uploads/get-3/grants").status()).isEqualTo(403);
  }

  @Test
  void anUploadWithoutEventsShowsANullLatestEvent() {
    backend.put("/api/uploads/get-2", "{\"ownerId\":\"alice\"}");

    JsonNode upload = alice.get("/api/uploads/get-2").json();

    assertThat(upload.has("latestEvent")).isTrue();
    assertThat(upload.path("latestEvent").isNull()).isTrue();
    assertThat(upload.path("grants").isEmpty()).isTrue();
  }

  private static List<String> grantees(ApiResponse response) {
    assertThat(response.status()).isEqualTo(200);
    List<String> userIds = new ArrayList<>();
    response.json().path("grants").forEach(grant -> userIds.add(grant.path("userId").asText()));
    return userIds;
  }

  @Test
  void deletingAnUploadMakesItDisappear() {
    backend.put("/api/uploads/del-1", "{\"ownerId\":\"alice\"}");

    ApiResponse deleted = backend.delete("/api/uploads/del-1");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(alice.get("/api/uploads/del-1").status()).isEqualTo(404);
    assertThat(backend.delete("/api/uploads/del-1").status()).isEqualTo(404);
  }

  @Test
  void anOrdinaryUserMayNotDelete() {
    backend.put("/api/uploads/del-2", "{\"ownerId\":\"alice\"}");

    assertThat(alice.delete("/api/uploads/del-2").status()).isEqualTo(403);
  }

  @Test
  void bulkRegistrationCountsCreatedUnchangedAndConflictingEntries() {
    backend.put("/api/uploads/bulk-mine", "{\"ownerId\":\"alice\"}");
    backend.put("/api/uploads/bulk-theirs", "{\"ownerId\":\"bob\"}");

    ApiResponse response =
        backend.post(
            "/api/uploads/bulk",
            """
            [{"uploadId":"bulk-new-1","ownerId":"alice"},
             {"uploadId":"bulk-new-2","ownerId":"alice"},
             {"uploadId":"bulk-mine","ownerId":"alice"},
             {"uploadId":"bulk-theirs","ownerId":"alice"}]
            """);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("created").asInt()).isEqualTo(2);
    assertThat(response.json().path("unchanged").asInt()).isEqualTo(1);
    assertThat(response.json().path("conflicting").asInt()).isEqualTo(1);
    assertThat(response.json().path("conflicts").get(0).asText()).isEqualTo("bulk-theirs");
    assertThat(alice.get("/api/uploads/bulk-new-2").status()).isEqualTo(200);
  }

  @Test
  void bulkRegistrationNamesTheEntryAndFieldOfAnInvalidId() {
    ApiResponse response =
        backend.post(
            "/api/uploads/bulk",
            "[{\"uploadId\":\"b-1\",\"ownerId\":\"alice\"},{\"uploadId\":\"b-2\",\"ownerId\":\"a b\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_value");
    assertThat(response.errorField()).isEqualTo("[1].ownerId");
  }

  @Test
  void bulkRegistrationNamesTheEntryAndFieldOfAMissingValue() {
    ApiResponse response = backend.post("/api/uploads/bulk", "[{\"ownerId\":\"alice\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
    assertThat(response.errorField()).isEqualTo("[0].uploadId");
  }

  @Test
  void bulkRegistrationRejectsAnEmptyBatch() {
    ApiResponse response = backend.post("/api/uploads/bulk", "[]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_value");
  }

  @Test
  void bulkRegistrationRejectsABodyThatIsNotAnArray() {
    ApiResponse response =
        backend.post("/api/uploads/bulk", "{\"uploadId\":\"x\",\"ownerId\":\"alice\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
  }

  @Test
  void bulkRegistrationRefusesMoreThanTenThousandEntries() {
    String entries =
        IntStream.range(0, 10_001)
            .mapToObj(i -> "{\"uploadId\":\"m" + i + "\",\"ownerId\":\"o\"}")
            .collect(Collectors.joining(",", "[", "]"));

    ApiResponse response = backend.post("/api/uploads/bulk", entries);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("too_many_entries");
  }
}
