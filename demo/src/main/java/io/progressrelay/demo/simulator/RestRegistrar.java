package io.progressrelay.demo.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers uploads through the relay's REST API as the workers' backend does ({@code POST
 * /api/uploads/bulk} with a service token), then has each owner follow their uploads ({@code POST
 * /api/uploads/{id}/subscription} with the owner's token, a few at once) so the events reach them.
 * Following is best effort: without user tokens, at the subscription limit or with a refused token,
 * the upload is only registered, which is logged once.
 */
public final class RestRegistrar implements UploadRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(RestRegistrar.class);
  private static final int FOLLOWS_AT_ONCE = 16;

  private final RelayApi api;
  private final SimulationTokens tokens;
  private volatile boolean following;
  private final AtomicLong followed = new AtomicLong();
  private final AtomicLong atLimit = new AtomicLong();

  public RestRegistrar(RelayApi api, SimulationTokens tokens, boolean follow) {
    this.api = api;
    this.tokens = tokens;
    this.following = follow;
  }

  /** Uploads their owner follows. */
  public long followed() {
    return followed.get();
  }

  @Override
  public void register(List<SimulatedJob> jobs) {
    Map<String, String> ownerByUpload = new LinkedHashMap<>();
    for (SimulatedJob job : jobs) {
      job.uploadIds().forEach(id -> ownerByUpload.put(id, job.owner()));
    }
    RelayApi.Registered registered = api.registerAll(tokens.service(), ownerByUpload);
    if (registered.conflicting() > 0) {
      LOG.warn("{} upload id(s) belong to another owner already", registered.conflicting());
    }
    if (following) {
      follow(ownerByUpload);
    }
  }

  private void follow(Map<String, String> ownerByUpload) {
    List<CompletableFuture<Integer>> pending = new ArrayList<>();
    for (Map.Entry<String, String> upload : ownerByUpload.entrySet()) {
      Optional<String> token = tokens.user(upload.getValue());
      if (token.isEmpty()) {
        stopFollowing(
            "no user tokens can be minted without the relay's secret (RELAY_JWT_SECRET); uploads"
                + " are registered but nobody follows them");
        return;
      }
      pending.add(api.follow(token.get(), upload.getKey()));
      if (pending.size() == FOLLOWS_AT_ONCE) {
        collect(pending);
      }
    }
    collect(pending);
  }

  private void collect(List<CompletableFuture<Integer>> pending) {
    for (CompletableFuture<Integer> answer : pending) {
      int status;
      try {
        status = answer.join();
      } catch (CompletionException e) {
        throw new SimulationException(
            "cannot reach the relay at " + api.base() + " to follow uploads: " + e.getCause(), e);
      }
      if (status == 200 || status == 201) {
        followed.incrementAndGet();
      } else if (status == 409) {
        if (atLimit.getAndIncrement() == 0) {
          LOG.warn(
              "A user reached the relay's subscription limit (RELAY_MAX_SUBSCRIPTIONS_PER_USER);"
                  + " their further uploads are not followed");
        }
      } else if (status == 401) {
        stopFollowing(
            "the relay refused the simulated users' tokens (401): set RELAY_JWT_SECRET to the"
                + " relay's secret; uploads are registered but nobody follows them");
      } else {
        LOG.warn("Following an upload answered {}", status);
      }
    }
    pending.clear();
  }

  private void stopFollowing(String why) {
    if (following) {
      following = false;
      LOG.warn("Not following uploads: {}", why);
    }
  }
}
