package io.progressrelay.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * The upload workers: each user has one upload at a time, registered over REST (through the
 * balancer, with a service token; retried every 500 ms while that fails), followed by the user's
 * client, then published on Redis: {@value #PROGRESS_EVENTS} {@code upload_progress} events and one
 * {@code upload_completed}, each with its sequence number; then the user's next upload. One thread
 * publishes round robin over the users at a fixed total rate, skipping users whose upload is not
 * yet followed. A publish that fails (Redis down) is counted and not retried, except the terminal
 * event, which a worker would not give up on: it is published again until Redis takes it (with
 * {@code terminalNeedsAReceiver}, until Redis hands it to at least one subscriber).
 */
final class Workload implements AutoCloseable {
  static final int PROGRESS_EVENTS = 100;
  // Publishing starts when the client confirmed its subscription, or after this long regardless.
  private static final long FOLLOW_WAIT_MILLIS = 10_000;

  /**
   * One publish attempt: {@code receivers} is Redis's answer (how many subscribers, here relays, it
   * handed the message to), -1 when the publish failed.
   */
  record Published(
      String user,
      String upload,
      long seq,
      boolean terminal,
      long startMillis,
      long endMillis,
      long receivers,
      int relaysRunning) {
    boolean ok() {
      return receivers >= 0;
    }
  }

  private enum Stage {
    REGISTERING,
    FOLLOWING,
    PUBLISHING
  }

  private static final class Slot {
    final String user;
    int uploads;
    String upload;
    Stage stage = Stage.REGISTERING;
    long stageSince;
    long lastAttempt;
    boolean attempting;
    long nextSeq = 1;
    int progressPublished;

    Slot(String user) {
      this.user = user;
    }
  }

  private static final int RELAYS = 2;

  private final IntSupplier relaysRunning;
  private final boolean terminalNeedsAReceiver;
  private final String streamKey; // null: PUBLISH; else XADD to it (streams mode)
  private final URI redis;
  private final URI relay;
  private final String serviceToken;
  private final String channelPrefix;
  private final BrowserFleet fleet;
  private final int eventsPerSecond;
  private final List<Slot> slots = new ArrayList<>();
  private final List<Published> published = new ArrayList<>();
  private final List<Long> registrationFailures = new ArrayList<>();
  private final AtomicLong registered = new AtomicLong();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private volatile boolean running = true;
  private final Thread registrar = new Thread(this::registerLoop, "workload-registrar");
  private final Thread publisher = new Thread(this::publishLoop, "workload-publisher");
  private Jedis jedis;

  Workload(
      List<String> users,
      URI redis,
      URI relay,
      String serviceToken,
      String channelPrefix,
      BrowserFleet fleet,
      int eventsPerSecond,
      IntSupplier relaysRunning,
      boolean terminalNeedsAReceiver,
      String streamKey) {
    this.terminalNeedsAReceiver = terminalNeedsAReceiver;
    this.streamKey = streamKey;
    this.relaysRunning = relaysRunning;
    this.redis = redis;
    this.relay = relay;
    this.serviceToken = serviceToken;
    this.channelPrefix = channelPrefix;
    this.fleet = fleet;
    this.eventsPerSecond = eventsPerSecond;
    users.forEach(user -> slots.add(nextUpload(new Slot(user))));
  }

  void start() {
    registrar.start();
    publisher.start();
  }

  synchronized List<Published> published() {
    return List.copyOf(published);
  }

  /** When a registration attempt failed (epoch millis). */
  synchronized List<Long> registrationFailures() {
    return List.copyOf(registrationFailures);
  }

  long uploadsRegistered() {
    return registered.get();
  }

  private Slot nextUpload(Slot slot) {
    slot.uploads++;
    slot.upload = slot.user + "-" + slot.uploads;
    slot.stage = Stage.REGISTERING;
    slot.stageSince = System.currentTimeMillis();
    slot.nextSeq = 1;
    slot.progressPublished = 0;
    return slot;
  }

  // Each attempt runs on its own (a request may wait for PostgreSQL for seconds); a slot has at
  // most one in flight and starts the next 500 ms after the last began.
  private void registerLoop() {
    while (running) {
      long now = System.currentTimeMillis();
      for (Slot slot : slots) {
        synchronized (slot) {
          if (slot.stage != Stage.REGISTERING || slot.attempting || now - slot.lastAttempt < 500) {
            continue;
          }
          slot.attempting = true;
          slot.lastAttempt = now;
          String user = slot.user;
          String upload = slot.upload;
          register(user, upload)
              .whenComplete(
                  (status, failure) -> registered(slot, user, upload, failure == null && status));
        }
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  private void registered(Slot slot, String user, String upload, boolean done) {
    synchronized (slot) {
      slot.attempting = false;
      if (done) {
        slot.stage = Stage.FOLLOWING;
        slot.stageSince = System.currentTimeMillis();
      }
    }
    if (done) {
      registered.incrementAndGet();
      fleet.subscribe(user, upload);
    } else {
      synchronized (this) {
        registrationFailures.add(System.currentTimeMillis());
      }
    }
  }

  private CompletableFuture<Boolean> register(String user, String upload) {
    var request =
        HttpRequest.newBuilder(relay.resolve("/api/uploads/" + upload))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + serviceToken)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"ownerId\":\"" + user + "\"}"))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(answer -> answer.statusCode() == 200 || answer.statusCode() == 201);
  }

  private void publishLoop() {
    long period = 1_000_000_000L / eventsPerSecond;
    long due = System.nanoTime();
    int next = 0;
    while (running) {
      long now = System.nanoTime();
      if (now < due) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      // A publish that blocked (Redis frozen) does not make the next ones burst.
      due = Math.max(due + period, now - 200_000_000L);
      Slot slot = slots.get(next);
      next = (next + 1) % slots.size();
      publishNext(slot);
    }
  }

  private void publishNext(Slot slot) {
    synchronized (slot) {
      if (slot.stage == Stage.FOLLOWING
          && (fleet.firstConfirmed(slot.user, slot.upload) != null
              || System.currentTimeMillis() - slot.stageSince > FOLLOW_WAIT_MILLIS)) {
        slot.stage = Stage.PUBLISHING;
      }
      if (slot.stage != Stage.PUBLISHING) {
        return;
      }
      boolean terminal = slot.progressPublished >= PROGRESS_EVENTS;
      long seq = slot.nextSeq++;
      String payload = terminal ? completed(slot.upload, seq) : progress(slot.upload, seq);
      long start = System.currentTimeMillis();
      long receivers = publish(channelPrefix + slot.upload, payload);
      synchronized (this) {
        published.add(
            new Published(
                slot.user,
                slot.upload,
                seq,
                terminal,
                start,
                System.currentTimeMillis(),
                receivers,
                relaysRunning.getAsInt()));
      }
      if (terminal && receivers >= (terminalNeedsAReceiver ? 1 : 0)) {
        nextUpload(slot);
      } else if (!terminal) {
        slot.progressPublished++;
      }
    }
  }

  private long publish(String channel, String payload) {
    try {
      if (jedis == null) {
        jedis = new Jedis(redis, 1000, 10_000);
      }
      if (streamKey != null) {
        jedis.xadd(
            streamKey,
            XAddParams.xAddParams().maxLen(1_000_000).approximateTrimming(),
            Map.of("channel", channel, "data", payload));
        return RELAYS; // in the stream: every relay reads it when it can
      }
      return jedis.publish(channel, payload);
    } catch (RuntimeException down) {
      if (jedis != null) {
        jedis.close();
        jedis = null;
      }
      return -1;
    }
  }

  private static String progress(String upload, long seq) {
    return "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
        + upload
        + "\",\"status\":\"analyzing\",\"stage\":\"vision_analysis\",\"progress_percent\":"
        + Math.min(99, seq * 100 / (PROGRESS_EVENTS + 1))
        + ",\"message\":\"Analyzing image content\",\"error_message\":null,"
        + "\"description_audit_score\":null},\"seq\":"
        + seq
        + ",\"timestamp\":\""
        + Instant.now()
        + "\"}";
  }

  private static String completed(String upload, long seq) {
    return "{\"action\":\"upload_completed\",\"upload_id\":\""
        + upload
        + "\",\"description\":\"A close-up photograph of a hand-thrown ceramic mug.\","
        + "\"audit_score\":91,\"seq\":"
        + seq
        + ",\"timestamp\":\""
        + Instant.now()
        + "\"}";
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    publisher.join(15_000);
    registrar.join(15_000);
    if (jedis != null) {
      jedis.close();
    }
  }
}
