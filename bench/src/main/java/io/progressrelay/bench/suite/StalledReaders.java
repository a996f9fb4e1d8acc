package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Fleet;
import io.progressrelay.bench.load.LoadClient;
import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RelaySetup;
import io.progressrelay.bench.load.ServerSideClose;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user in a hundred of the 1:1 setting, stalled for as long as it runs: each stops reading and
 * also follows a busy upload whose frames carry an action no server coalesces (the relay forwards
 * unknown actions in order), so its unread frames pile up. When the server closes one (the relay
 * does, with 4008, once its queue is full) it connects again, subscribes again and stalls again; a
 * server that never closes keeps buffering for it.
 */
final class StalledReaders implements AutoCloseable {
  static final int ONE_IN = 100;
  static final int BUSY_RATE = 20;
  static final int BUSY_BYTES = 4_096;
  static final String BUSY_ACTION = "upload_log";

  private final OneToOne setting;
  private final Tokens tokens;
  private final List<Integer> indexes;
  private final String busy;
  private final Tally ignored;
  private final Publisher busyPublisher;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
  private final Map<Integer, LoadClient> countedClose = new ConcurrentHashMap<>();
  private final Set<Integer> reconnecting = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicLong> closesByCode = new ConcurrentHashMap<>();
  private final AtomicLong reconnected = new AtomicLong();
  private final AtomicLong reconnectsFailed = new AtomicLong();
  private CompletableFuture<Long> busyRun = CompletableFuture.completedFuture(0L);
  private volatile boolean ending;

  private StalledReaders(
      OneToOne setting, SuiteOptions options, Tokens tokens, String busy, Tally ignored) {
    this.setting = setting;
    this.tokens = tokens;
    this.indexes = indexes(setting.fleet.size());
    this.busy = busy;
    this.ignored = ignored;
    this.busyPublisher =
        new Publisher(
                options.redisHost(),
                options.redisPort(),
                new String[] {busy},
                3_000_000, // its own stamp index, apart from the fleet's uploads
                BUSY_BYTES,
                BUSY_ACTION)
            .forServer(setting.server.spec());
  }

  /** The fleet's indexes of the stalled users: one in {@link #ONE_IN}, the first included. */
  static List<Integer> indexes(int fleetSize) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < fleetSize; i += ONE_IN) {
      indexes.add(i);
    }
    return indexes;
  }

  /**
   * Has the stalled users (whose frames count into {@code ignored}) follow upload {@code busy} and
   * stop reading, then publishes on it for {@code seconds} while keeping them stalled.
   */
  static StalledReaders start(
      OneToOne setting,
      SuiteOptions options,
      Tokens tokens,
      String busy,
      Tally ignored,
      double seconds)
      throws Exception {
    var readers = new StalledReaders(setting, options, tokens, busy, ignored);
    readers.follow();
    readers.indexes.forEach(i -> setting.fleet.get(i).stall());
    readers.busyRun =
        CompletableFuture.supplyAsync(() -> readers.busyPublisher.publish(BUSY_RATE, seconds));
    readers.watcher.scheduleWithFixedDelay(readers::keepStalled, 1, 1, TimeUnit.SECONDS);
    return readers;
  }

  // The relay wants the busy upload registered (to the first stalled user) and granted to the rest.
  private void follow() throws Exception {
    if (setting.server.spec().checksOwnership()) {
      var relay = new RelaySetup(setting.server.spec().port(), tokens);
      String owner = setting.users[indexes.get(0)];
      relay.register(new String[] {busy}, new String[] {owner});
      relay.grant(
          busy, owner, indexes.stream().skip(1).map(i -> setting.users[i]).toArray(String[]::new));
    }
    for (int i : indexes) {
      setting.fleet.get(i).subscribe(busy);
    }
  }

  // Runs on the watcher thread only.
  private void keepStalled() {
    if (ending) {
      return;
    }
    wakeThoseClosed();
    for (int i : indexes) {
      LoadClient client = setting.fleet.get(i);
      if (!client.closedByServer()) {
        continue;
      }
      if (countedClose.put(i, client) != client) {
        closesByCode
            .computeIfAbsent(client.closeCode(), code -> new AtomicLong())
            .incrementAndGet();
      }
      if (reconnecting.add(i)) {
        reconnect(i);
      }
    }
  }

  // A stalled reader cannot see its server close it: the close waits behind the frames it did not
  // read. Once the kernel says the server's end is closed, it reads again, through the backlog to
  // the close (and its code), as a tab that wakes up would.
  private void wakeThoseClosed() {
    Map<Integer, LoadClient> byPort = new HashMap<>();
    for (int i : indexes) {
      LoadClient client = setting.fleet.get(i);
      int port = client.localPort();
      if (!client.closedByServer() && port > 0) {
        byPort.put(port, client);
      }
    }
    if (!byPort.isEmpty()) {
      ServerSideClose.closedBy(setting.server.spec().port(), byPort.keySet())
          .forEach(port -> byPort.get(port).resume());
    }
  }

  private void reconnect(int i) {
    Fleet.connect(setting.server, tokens.user(setting.users[i]), i)
        .thenCompose(client -> client.authenticated().thenApply(ok -> client))
        .orTimeout(20, TimeUnit.SECONDS)
        .whenCompleteAsync(
            (client, failure) -> {
              if (failure != null) {
                reconnectsFailed.incrementAndGet(); // tried again on the next round
              } else {
                client.countInto(ignored);
                client.subscribe(setting.uploads[i]);
                client.subscribe(busy);
                client.stall();
                setting.fleet.replace(i, client);
                reconnected.incrementAndGet();
              }
              reconnecting.remove(i);
            },
            watcher);
  }

  /** How many stalled users there are. */
  int count() {
    return indexes.size();
  }

  /** Whether the fleet's user at {@code index} is one of them. */
  boolean isStalled(int index) {
    return index % ONE_IN == 0;
  }

  /** Closes by the server so far, by close code (-1: closed without one). */
  Map<Integer, Long> closesByCode() {
    Map<Integer, Long> closes = new TreeMap<>();
    closesByCode.forEach((code, count) -> closes.put(code, count.get()));
    return closes;
  }

  long closes() {
    return closesByCode.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long reconnected() {
    return reconnected.get();
  }

  long reconnectsFailed() {
    return reconnectsFailed.get();
  }

  /** Frames published on the busy upload; once it has finished, after {@link #close}. */
  long busyPublished() {
    return busyRun.getNow(-1L);
  }

  /**
   * Waits for the busy upload's publishing to end, then leaves the setting as it found it: each
   * stalled user's connection is replaced by one that reads, subscribed to its own upload.
   */
  @Override
  public void close() {
    busyRun.join();
    ending = true;
    for (int waited = 0; !reconnecting.isEmpty() && waited < 300; waited++) {
      Drain.sleep(100); // a reconnect under way ends within its 20 s timeout
    }
    watcher.shutdown();
    try {
      watcher.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    busyPublisher.close();
    for (int i : indexes) {
      setting.fleet.get(i).close();
      try {
        LoadClient reading =
            Fleet.connect(setting.server, tokens.user(setting.users[i]), i)
                .get(20, TimeUnit.SECONDS);
        reading.authenticated().get(20, TimeUnit.SECONDS);
        reading.subscribe(setting.uploads[i]);
        reading.countInto(setting.tally);
        setting.fleet.replace(i, reading);
      } catch (Exception e) {
        throw new IllegalStateException(
            "stalled user " + i + " did not reconnect to read: " + e, e);
      }
    }
  }
}
