package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Fleet;
import io.progressrelay.bench.load.LoadClient;
import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RelayFrames;
import io.progressrelay.bench.load.RelayLatencyMetrics;
import io.progressrelay.bench.load.RelaySetup;
import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import io.progressrelay.bench.load.Usage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 1's setting, reused by others: one user, one connection and one upload each, events
 * published round-robin over the uploads at a paced rate.
 */
final class OneToOne implements AutoCloseable {
  final Server server;
  final Fleet fleet;
  final Publisher publisher;
  final Tally tally = new Tally();
  final String[] users;
  final String[] uploads;

  private OneToOne(
      Server server, Fleet fleet, Publisher publisher, String[] users, String[] uploads) {
    this.server = server;
    this.fleet = fleet;
    this.publisher = publisher;
    this.users = users;
    this.uploads = uploads;
  }

  /** Opens {@code count} users' connections, each subscribed to its own upload. */
  static OneToOne open(Server server, SuiteOptions options, Tokens tokens, String tag, int count)
      throws Exception {
    String[] users = new String[count];
    String[] uploads = new String[count];
    for (int i = 0; i < count; i++) {
      users[i] = "u" + tag + "-" + i;
      uploads[i] = "up" + tag + "-" + i;
    }
    if (server.spec().checksOwnership()) {
      new RelaySetup(server.spec().port(), tokens).register(uploads, users);
      Statistics.refresh(options.databaseUrl());
    }
    Fleet fleet = Fleet.open(server, tokens, users);
    for (int i = 0; i < count; i++) {
      fleet.get(i).subscribe(uploads[i]);
    }
    if (server.spec().checksOwnership()) {
      awaitConfirmations(server, fleet);
    }
    var publisher =
        new Publisher(options.redisHost(), options.redisPort(), uploads, 0, 330)
            .forServer(server.spec());
    var setting = new OneToOne(server, fleet, publisher, users, uploads);
    for (int i = 0; i < count; i++) {
      fleet.get(i).countInto(setting.tally);
    }
    setting.probe();
    return setting;
  }

  // The relay confirms each subscription (the old protocol, which the peers speak, does not): waits
  // for every confirmation, as each subscription is a database write and a burst of thousands
  // queues.
  private static void awaitConfirmations(Server server, Fleet fleet) throws Exception {
    long start = System.nanoTime();
    var confirmations = new CompletableFuture<?>[fleet.size()];
    for (int i = 0; i < fleet.size(); i++) {
      confirmations[i] = fleet.get(i).subscriptionConfirmed();
    }
    try {
      CompletableFuture.allOf(confirmations).get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      long done = Arrays.stream(confirmations).filter(CompletableFuture::isDone).count();
      throw new IllegalStateException(
          String.format(
              "%s: %,d of %,d subscriptions confirmed within 120 s",
              server.spec().name(), done, confirmations.length),
          e);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (millis > 1_000) {
      Progress.note(
          server.spec().name(),
          String.format(
              "%,d subscriptions confirmed %,d ms after the last was sent", fleet.size(), millis));
    }
  }

  /** Publishes one event per upload until every client has received one: all are subscribed. */
  private void probe() {
    for (int attempt = 0; attempt < 5; attempt++) {
      tally.reset();
      long sent =
          publisher.publish(
              Math.max(1_000, uploads.length),
              (double) uploads.length / Math.max(1_000, uploads.length));
      Drain.await(tally::delivered, sent, 2_000, 10_000);
      if (tally.delivered() >= sent) {
        return;
      }
      Drain.sleep(1_000);
    }
    long closed = 0;
    long refused = 0;
    String example = null;
    for (int i = 0; i < fleet.size(); i++) {
      LoadClient client = fleet.get(i);
      closed += client.closedByServer() ? 1 : 0;
      if (client.lastError() != null) {
        refused++;
        example = client.lastError();
      }
    }
    throw new IllegalStateException(
        String.format(
            "%s: %,d of %,d clients received their probe event; %,d closed by the server,"
                + " %,d answered with an error (e.g. %s)",
            server.spec().name(), tally.delivered(), uploads.length, closed, refused, example));
  }

  /** Runs at {@code rate} without measuring, so that JITs and pools are warm. */
  void warmUp(int rate, double seconds) {
    long sent = publisher.publish(rate, seconds);
    Drain.await(tally::delivered, sent, 1_000, 10_000);
  }

  /** Measures one window at {@code rate} events per second. */
  Measurement measure(String scenario, String label, int rate, double seconds) {
    return measure(scenario, label, rate, seconds, Window.NONE);
  }

  /** As above, telling {@code window} when the measured window opens and closes. */
  Measurement measure(String scenario, String label, int rate, double seconds, Window window) {
    Drain.sleep(300);
    tally.reset();
    tally.latencies(); // drops the interval recorded so far
    RelayLatencyMetrics relayBefore = relayLatency();
    RelayFrames framesBefore = relayFrames();
    window.opened(server.pid());
    var meter = Usage.start(server.pid());
    long started = System.nanoTime();
    long published = publisher.publish(rate, seconds);
    double elapsed = (System.nanoTime() - started) / 1e9;
    Drain.await(tally::delivered, published, 1_000, Drain.WINDOW_LIMIT_MILLIS);
    Usage usage = meter.stop();
    window.closed();
    double relaySide = RelayLatencyMetrics.percentileBoundMillis(relayBefore, relayLatency(), 99);
    RelayFrames frames = RelayFrames.between(framesBefore, relayFrames());
    return new Measurement(
        server.spec().name(),
        scenario,
        label,
        rate,
        published,
        published,
        tally.delivered(),
        tally.reordered(),
        elapsed,
        tally.latencies(),
        usage,
        relaySide,
        frames);
  }

  /** How many events each upload has had published so far, to count a window's from. */
  long[] publishedSoFar() {
    long[] published = new long[uploads.length];
    for (int i = 0; i < published.length; i++) {
      published[i] = publisher.publishedTo(i);
    }
    return published;
  }

  /** Events published since {@code before} to the uploads of the users not in {@code left}. */
  long publishedSince(long[] before, List<Integer> left) {
    long published = 0;
    for (int i = 0; i < before.length; i++) {
      if (!left.contains(i)) {
        published += publisher.publishedTo(i) - before[i];
      }
    }
    return published;
  }

  /** The relay's own delivery-latency histogram; null for peers, which have none. */
  RelayLatencyMetrics relayLatency() {
    return server.spec().checksOwnership() ? RelayLatencyMetrics.read(server.spec().port()) : null;
  }

  /** The relay's own frame counters; null for peers, which have none. */
  RelayFrames relayFrames() {
    return server.spec().checksOwnership() ? RelayFrames.read(server.spec().port()) : null;
  }

  /** Told when a measured window opens and closes, to observe the server during exactly that. */
  interface Window {
    Window NONE =
        new Window() {
          @Override
          public void opened(long serverPid) {}

          @Override
          public void closed() {}
        };

    void opened(long serverPid);

    void closed();
  }

  @Override
  public void close() {
    fleet.close();
    publisher.close();
  }
}
