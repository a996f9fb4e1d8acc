package io.progressrelay.demo;

import io.progressrelay.demo.simulator.RelayApi;
import io.progressrelay.demo.simulator.SimulatedJob;
import io.progressrelay.demo.simulator.SimulationTokens;
import io.progressrelay.demo.simulator.UploadRegistrar;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps an endless demo small: registers as its delegate does, and once a user has more than
 * {@value #KEPT_PER_USER} finished uploads, deletes the oldest through the REST API, so the
 * subscription limit is never reached and a reloaded page lists only recent uploads. Their delivery
 * history stays.
 */
final class PruningRegistrar implements UploadRegistrar {
  static final int KEPT_PER_USER = 12;

  private final UploadRegistrar delegate;
  private final RelayApi api;
  private final SimulationTokens tokens;
  private final Map<String, Deque<String>> finishedByUser = new HashMap<>();

  PruningRegistrar(UploadRegistrar delegate, RelayApi api, SimulationTokens tokens) {
    this.delegate = delegate;
    this.api = api;
    this.tokens = tokens;
  }

  /** Deletes the uploads an earlier demo left behind for {@code users} (stalled bars otherwise). */
  void forgetEarlierRuns(List<String> users) {
    for (String user : users) {
      for (String uploadId : api.followedUploads(tokens.user(user).orElseThrow())) {
        api.delete(tokens.service(), uploadId);
      }
    }
  }

  @Override
  public void register(List<SimulatedJob> jobs) {
    delegate.register(jobs);
  }

  @Override
  public void finished(SimulatedJob job) {
    delegate.finished(job);
    Deque<String> finished =
        finishedByUser.computeIfAbsent(job.owner(), user -> new ArrayDeque<>());
    finished.addAll(job.uploadIds());
    while (finished.size() > KEPT_PER_USER) {
      api.delete(tokens.service(), finished.removeFirst());
    }
  }
}
