package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Fleet;
import io.progressrelay.bench.load.MetricsScrape;
import io.progressrelay.bench.load.RelaySetup;
import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One server process of the {@code scale-out} scenario with its own users, as a balancer with
 * affinity would place them: each user's socket on this instance only, subscribed to the user's own
 * upload, whose index among all the scenario's uploads starts at {@code firstUpload}.
 */
final class ScaleOutInstance implements AutoCloseable {
  final Server server;
  final Fleet fleet;
  final Tally tally = new Tally();
  final int firstUpload;

  private ScaleOutInstance(Server server, Fleet fleet, int firstUpload) {
    this.server = server;
    this.fleet = fleet;
    this.firstUpload = firstUpload;
  }

  /**
   * Starts {@code spec}, registers {@code uploads[i]} to {@code users[i]} (relays only) and opens
   * one socket per user, subscribed to its upload and confirmed.
   */
  static ScaleOutInstance start(
      Server.ServerSpec spec,
      Path logs,
      SuiteOptions options,
      Tokens tokens,
      String[] users,
      String[] uploads,
      int firstUpload)
      throws Exception {
    Server server = Server.start(spec, logs);
    try {
      if (spec.checksOwnership()) {
        new RelaySetup(spec.port(), tokens).register(uploads, users);
        Statistics.refresh(options.databaseUrl());
      }
      Fleet fleet = Fleet.open(server, tokens, users);
      var instance = new ScaleOutInstance(server, fleet, firstUpload);
      for (int i = 0; i < users.length; i++) {
        fleet.get(i).subscribe(uploads[i]);
        fleet.get(i).countInto(instance.tally);
      }
      if (spec.checksOwnership()) {
        var confirmations = new CompletableFuture<?>[users.length];
        for (int i = 0; i < users.length; i++) {
          confirmations[i] = fleet.get(i).subscriptionConfirmed();
        }
        CompletableFuture.allOf(confirmations).get(120, TimeUnit.SECONDS);
      }
      return instance;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /** The users (and uploads) on this instance. */
  int users() {
    return fleet.size();
  }

  /** This instance's metrics page now (empty for a peer, which has none). */
  MetricsScrape metrics() {
    return MetricsScrape.read(server.spec().port());
  }

  @Override
  public void close() {
    fleet.close();
    server.close();
  }
}
