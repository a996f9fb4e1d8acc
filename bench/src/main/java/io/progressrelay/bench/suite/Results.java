package io.progressrelay.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one suite run measured, per server in the order they ran. */
final class Results {
  final Map<String, List<Measurement>> sweeps = new LinkedHashMap<>();
  final Map<String, Measurement> broadcasts = new LinkedHashMap<>();
  final Map<String, SlowReaders.Outcome> slowReaders = new LinkedHashMap<>();
  final Map<String, Idle.Outcome> idle = new LinkedHashMap<>();
  final Map<String, Churn.Outcome> churn = new LinkedHashMap<>();
  final Map<String, Connects.Outcome> connects = new LinkedHashMap<>();
  final Map<String, Soak.Outcome> soaks = new LinkedHashMap<>();
  final Map<String, ProfiledStep.Outcome> profiles = new LinkedHashMap<>();
  final Map<String, ProfiledStep.Outcome> broadcastProfiles = new LinkedHashMap<>();
  final Map<String, String> failures = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  QueryCounter.Reading relayQueries;
  long relayQueryEvents;
  List<JvmVariants.Outcome> jvmVariants = List.of();
  BusLimit.Outcome busLimit;
  String relayJvm;

  int sustained(String server) {
    List<Measurement> sweep = sweeps.get(server);
    return sweep == null ? 0 : Sweep.sustainedRate(sweep);
  }

  /** The first step {@code server}'s sweep failed, or null when every step passed. */
  Measurement firstFailing(String server) {
    return Sweep.firstFailing(sweeps.getOrDefault(server, List.of()));
  }

  Measurement sweepStep(String server, int rate) {
    return sweeps.getOrDefault(server, List.of()).stream()
        .filter(m -> m.rate() == rate)
        .findFirst()
        .orElse(null);
  }
}
