package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.domain.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grants and subscriptions over real HTTP against the relay wired to real PostgreSQL. */
class GrantAndSubscriptionApiTest {
  private static final int LIMIT = 5;
  private static RelayUnderTest relay;
  private static ApiClient api;
  private static String worker;
  private static String admin;
  private static String alice;
  private static String bob;
  private static String mallory;

  @BeforeAll
  static void startRelay() {
    relay =
        new RelayUnderTest(
            "GrantAndSubscriptionApiTest",
            Map.of("RELAY_MAX_SUBSCRIPTIONS_PER_USER", String.valueOf(LIMIT)));
    api = relay.api;
    worker = relay.tokenFor("worker", Role.SERVICE);
    admin = relay.tokenFor("root", Role.ADMIN);
    alice = relay.tokenFor("alice");
    bob = relay.tokenFor("bob");
    mallory = relay.tokenFor("mallory");
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  private static void register(String uploadId, String owner) {
    assertThat(
            api.put("/api/uploads/" + uploadId, worker, "{\"ownerId\":\"" + owner + "\"}").status())
        .isIn(200, 201);
  }

  @Test
  void theOwnerGrantsAndTheGranteeMayThenFollow() {
    register("g-1", "alice");
    assertThat(api.get("/api/uploads/g-1", bob).status()).isEqualTo(404);

    var created = api.post("/api/uploads/g-1/grants", alice, "{\"userId\":\"bob\"}");
    var again = api.post("/api/uploads/g-1/grants", alice, "{\"userId\":\"bob\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("userId").asText()).isEqualTo("bob");
    assertThat(created.json().path("grantedBy").asText()).isEqualTo("alice");
    assertThat(again.status()).isEqualTo(200);
    assertThat(api.get("/api/uploads/g-1", bob).status()).isEqualTo(200);
    assertThat(api.post("/api/uploads/g-1/subscription", bob).status()).isEqualTo(201);
  }

  @Test
  void grantsAreListedForTheOwnerAndAdminButNotForGranteesOrStrangers() {
    register("g-2", "alice");
    api.post("/api/uploads/g-2/grants", alice, "{\"userId\":\"bob\"}");

    var byOwner = api.get("/api/uploads/g-2/grants", alice);

    assertThat(byOwner.status()).isEqualTo(200);
    assertThat(byOwner.json().path("grants").get(0).path("userId").asText()).isEqualTo("bob");
    assertThat(api.get("/api/uploads/g-2/grants", admin).status()).isEqualTo(200);
    assertThat(api.get("/api/uploads/g-2/grants", bob).status()).isEqualTo(403);
    assertThat(api.get("/api/uploads/g-2/grants", mallory).status()).isEqualTo(404);
    assertThat(api.post("/api/uploads/g-2/grants", mallory, "{\"userId\":\"mallory\"}").status())
        .isEqualTo(404);
  }

  @Test
  void revokingAGrantEndsTheGranteesAccessAndSubscription() {
    register("g-3", "alice");
    api.post("/api/uploads/g-3/grants", alice, "{\"userId\":\"bob\"}");
    api.post("/api/uploads/g-3/subscription", bob);

    var revoked = api.delete("/api/uploads/g-3/grants/bob", alice);

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(api.get("/api/uploads/g-3", bob).status()).isEqualTo(404);
    assertThat(uploadIds(api.get("/api/subscriptions", bob).json())).doesNotContain("g-3");
    assertThat(api.delete("/api/uploads/g-3/grants/bob", alice).status())
        .as("revoking again is idempotent")
        .isEqualTo(204);
  }

  @Test
  void aStrangerCannotSubscribeAndGetsTheSameAnswerAsForAMissingUpload() {
    register("s-secret", "alice");

    var hidden = api.post("/api/uploads/s-secret/subscription", mallory);
    var missing = api.post("/api/uploads/s-missing/subscription", mallory);

    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.body().replace("s-secret", "ID"))
        .isEqualTo(missing.body().replace("s-missing", "ID"));
  }

  @Test
  void subscribingIsIdempotentAndUnsubscribingEndsIt() {
    register("s-1", "alice");

    assertThat(api.post("/api/uploads/s-1/subscription", alice).status()).isEqualTo(201);
    var again = api.post("/api/uploads/s-1/subscription", alice);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("created").asBoolean()).isFalse();
    assertThat(uploadIds(api.get("/api/subscriptions", alice).json())).contains("s-1");

    assertThat(api.delete("/api/uploads/s-1/subscription", alice).status()).isEqualTo(204);
    assertThat(api.delete("/api/uploads/s-1/subscription", alice).status()).isEqualTo(204);
    assertThat(uploadIds(api.get("/api/subscriptions", alice).json())).doesNotContain("s-1");
  }

  @Test
  void subscriptionsArePagedNewestFirstThroughTheCursor() {
    String carol = relay.tokenFor("carol");
    for (int i = 0; i < 4; i++) {
      register("page-" + i, "carol");
      api.post("/api/uploads/page-" + i + "/subscription", carol);
    }

    List<String> seen = new ArrayList<>();
    String path = "/api/subscriptions?limit=3";
    while (path != null) {
      JsonNode page = api.get(path, carol).json();
      seen.addAll(uploadIds(page));
      JsonNode next = page.path("nextCursor");
      path = next.isNull() ? null : "/api/subscriptions?limit=3&cursor=" + next.asText();
    }

    assertThat(seen).containsExactly("page-3", "page-2", "page-1", "page-0");
  }

  @Test
  void badPagingParametersAreNamed() {
    var badLimit = api.get("/api/subscriptions?limit=many", alice);
    var tooLarge = api.get("/api/subscriptions?limit=5000", alice);
    var badCursor = api.get("/api/subscriptions?cursor=not-a-cursor", alice);

    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.errorField()).isEqualTo("limit");
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.errorField()).isEqualTo("cursor");
  }

  @Test
  void theSubscriptionLimitAnswers409WithAClearMessage() {
    String dave = relay.tokenFor("dave");
    for (int i = 0; i < LIMIT; i++) {
      register("lim-" + i, "dave");
      assertThat(api.post("/api/uploads/lim-" + i + "/subscription", dave).status()).isEqualTo(201);
    }
    register("lim-extra", "dave");

    var answer = api.post("/api/uploads/lim-extra/subscription", dave);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.errorCode()).isEqualTo("subscription_limit");
    assertThat(answer.errorMessage()).contains("at most " + LIMIT + " subscriptions");
  }

  private static List<String> uploadIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("uploadId").asText()));
    return ids;
  }
}
