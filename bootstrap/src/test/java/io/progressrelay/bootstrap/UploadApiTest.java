package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.Role;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upload endpoints over real HTTP against the relay wired to real PostgreSQL. */
class UploadApiTest {
  private static RelayUnderTest relay;
  private static ApiClient api;
  private static String worker;
  private static String admin;
  private static String alice;
  private static String mallory;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("UploadApiTest", Map.of());
    api = relay.api;
    worker = relay.tokenFor("worker", Role.SERVICE);
    admin = relay.tokenFor("root", Role.ADMIN);
    alice = relay.tokenFor("alice");
    mallory = relay.tokenFor("mallory");
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  @Test
  void aServiceRegistersAnUploadOnceAndAgainIdempotently() {
    var first = api.put("/api/uploads/reg-1", worker, "{\"ownerId\":\"alice\"}");
    var again = api.put("/api/uploads/reg-1", worker, "{\"ownerId\":\"alice\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("created").asBoolean()).isTrue();
    assertThat(first.json().path("ownerId").asText()).isEqualTo("alice");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("created").asBoolean()).isFalse();
  }

  @Test
  void registeringAnUploadOwnedBySomeoneElseIsAConflict() {
    api.put("/api/uploads/reg-2", worker, "{\"ownerId\":\"alice\"}");

    var answer = api.put("/api/uploads/reg-2", admin, "{\"ownerId\":\"bob\"}");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.errorCode()).isEqualTo("owner_conflict");
    assertThat(api.get("/api/uploads/reg-2", alice).json().path("ownerId").asText())
        .isEqualTo("alice");
  }

  @Test
  void anOrdinaryUserMayNotRegisterOrDelete() {
    var register = api.put("/api/uploads/reg-3", alice, "{\"ownerId\":\"alice\"}");
    api.put("/api/uploads/reg-3", worker, "{\"ownerId\":\"alice\"}");
    var delete = api.delete("/api/uploads/reg-3", alice);

    assertThat(register.status()).isEqualTo(403);
    assertThat(register.errorCode()).isEqualTo("forbidden");
    assertThat(delete.status()).isEqualTo(403);
  }

  @Test
  void bulkRegistrationCountsEachOutcomeInOneRequest() {
    api.put("/api/uploads/bulk-same", worker, "{\"ownerId\":\"alice\"}");
    api.put("/api/uploads/bulk-taken", worker, "{\"ownerId\":\"bob\"}");

    var answer =
        api.post(
            "/api/uploads/bulk",
            worker,
            """
            [{"uploadId":"bulk-new","ownerId":"alice"},
             {"uploadId":"bulk-same","ownerId":"alice"},
             {"uploadId":"bulk-taken","ownerId":"alice"}]""");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("created").asInt()).isEqualTo(1);
    assertThat(answer.json().path("unchanged").asInt()).isEqualTo(1);
    assertThat(answer.json().path("conflicting").asInt()).isEqualTo(1);
    assertThat(answer.json().path("conflicts").get(0).asText()).isEqualTo("bulk-taken");
  }

  @Test
  void bulkRegistrationTakesTenThousandEntriesAndRefusesMore() {
    var answer = api.post("/api/uploads/bulk", worker, bulkBody("ten-k-", 10_000));
    var tooMany = api.post("/api/uploads/bulk", worker, bulkBody("too-many-", 10_001));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("created").asInt()).isEqualTo(10_000);
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.errorCode()).isEqualTo("too_many_entries");
    assertThat(api.get("/api/uploads/too-many-0", admin).status()).isEqualTo(404);
  }

  @Test
  void aBadEntryInABulkRequestIsNamedAndNothingIsRegistered() {
    var answer =
        api.post(
            "/api/uploads/bulk",
            worker,
            "[{\"uploadId\":\"bulk-ok\",\"ownerId\":\"alice\"},"
                + "{\"uploadId\":\"bulk-bad\",\"ownerId\":\"no spaces\"}]");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorField()).isEqualTo("[1].ownerId");
    assertThat(api.get("/api/uploads/bulk-ok", admin).status()).isEqualTo(404);
  }

  @Test
  void theOwnerSeesTheUploadWithGrantsSubscribersAndNoEventYet() {
    api.put("/api/uploads/get-1", worker, "{\"ownerId\":\"alice\"}");
    api.post("/api/uploads/get-1/grants", alice, "{\"userId\":\"bob\"}");
    api.post("/api/uploads/get-1/subscription", alice);

    var answer = api.get("/api/uploads/get-1", alice);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("uploadId").asText()).isEqualTo("get-1");
    assertThat(answer.json().path("ownerId").asText()).isEqualTo("alice");
    assertThat(answer.json().path("createdAt").asText()).isNotEmpty();
    assertThat(answer.json().path("grants").get(0).path("userId").asText()).isEqualTo("bob");
    assertThat(answer.json().path("subscriberCount").asInt()).isEqualTo(1);
    assertThat(answer.json().path("latestEvent").isNull()).isTrue();
  }

  @Test
  void aStrangerGetsExactlyWhatANonExistentUploadGets() {
    api.put("/api/uploads/secret-1", worker, "{\"ownerId\":\"alice\"}");

    var hidden = api.get("/api/uploads/secret-1", mallory);
    var missing = api.get("/api/uploads/secret-2", mallory);

    assertThat(hidden.status()).isEqualTo(404).isEqualTo(missing.status());
    assertThat(hidden.body().replace("secret-1", "ID"))
        .isEqualTo(missing.body().replace("secret-2", "ID"));
    assertThat(hidden.response().headers().map().keySet())
        .isEqualTo(missing.response().headers().map().keySet());
  }

  @Test
  void deletingAnUploadForgetsItAndASecondDeleteIsNotFound() {
    api.put("/api/uploads/del-1", worker, "{\"ownerId\":\"alice\"}");
    api.post("/api/uploads/del-1/subscription", alice);

    var deleted = api.delete("/api/uploads/del-1", worker);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/api/uploads/del-1", alice).status()).isEqualTo(404);
    assertThat(api.get("/api/subscriptions", alice).body()).doesNotContain("del-1");
    assertThat(api.delete("/api/uploads/del-1", worker).status()).isEqualTo(404);
  }

  private static String bulkBody(String prefix, int count) {
    var json = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"uploadId\":\"")
          .append(prefix)
          .append(i)
          .append("\",\"ownerId\":\"alice\"}");
    }
    return json.append(']').toString();
  }
}
