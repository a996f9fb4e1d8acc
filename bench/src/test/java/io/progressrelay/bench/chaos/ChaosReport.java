package io.progressrelay.bench.chaos;

import io.progressrelay.bench.chaos.ChaosAnalysis.PhaseResult;
import io.progressrelay.bench.chaos.ReadinessMonitor.Poll;
import io.progressrelay.bench.chaos.ReadinessMonitor.Transition;
import io.progressrelay.bench.chaos.Workload.Published;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The chaos run as Markdown: one table row per fault, then each fault's timeline. */
final class ChaosReport {
  private final List<Phase> phases;
  private final ChaosAnalysis analysis;
  private final List<Transition> transitions;
  private final List<Poll> polls;
  private final List<Long> exits;
  private final long startedMillis;
  private final long uploadsRegistered;
  private final List<Long> registrationFailures;
  private final int users;
  private final int eventsPerSecond;
  private final boolean terminalNeedsAReceiver;
  private final String load;

  ChaosReport(
      List<Phase> phases,
      ChaosAnalysis analysis,
      List<Transition> transitions,
      List<Poll> polls,
      List<Long> exits,
      long startedMillis,
      long uploadsRegistered,
      List<Long> registrationFailures,
      int users,
      int eventsPerSecond,
      boolean terminalNeedsAReceiver,
      String load) {
    this.phases = phases;
    this.analysis = analysis;
    this.transitions = transitions;
    this.polls = polls;
    this.exits = exits;
    this.startedMillis = startedMillis;
    this.uploadsRegistered = uploadsRegistered;
    this.registrationFailures = registrationFailures;
    this.users = users;
    this.eventsPerSecond = eventsPerSecond;
    this.terminalNeedsAReceiver = terminalNeedsAReceiver;
    this.load = load;
  }

  String markdown() {
    var out = new StringBuilder();
    out.append("# Chaos with two instances (issue 17)\n\n")
        .append("Run ")
        .append(Instant.ofEpochMilli(startedMillis))
        .append(" by `ChaosBenchmark` (docs/performance.md, \"Chaos\"): two relay processes")
        .append(" (`java -jar progress-relay.jar serve`, default settings) behind a TCP balancer,")
        .append(" one Redis and one PostgreSQL of the run's own, ")
        .append(users)
        .append(" reference browser clients (`progress-relay.js` in Node 20), ")
        .append(eventsPerSecond)
        .append(" events/s published (")
        .append(Workload.PROGRESS_EVENTS)
        .append(" `upload_progress` and one `upload_completed` per upload, one upload per user at")
        .append(" a time); ")
        .append(uploadsRegistered)
        .append(" uploads registered over REST, ")
        .append(registrationFailures.size())
        .append(" registration attempts failed (retried). A terminal event is published again")
        .append(
            terminalNeedsAReceiver
                ? " until Redis hands it to at least one subscriber (a PUBLISH answered with 0"
                    + " receivers counts as not delivered: `-Dchaos.terminalNeedsAReceiver=true`).\n\n"
                : " while Redis is unreachable; a PUBLISH Redis answers, with any number of"
                    + " receivers, counts as done.\n\n")
        .append("The machine's load average (1 / 5 / 15 min, ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores): ")
        .append(load)
        .append(".\n\n");
    out.append(
        "| fault | published | not published | expected | lost, no relay subscribed | lost, a"
            + " relay not subscribed | lost, every relay had it | in a disconnection window | terminal published | terminal lost |"
            + " terminal as latest | latest on re-subscribe | recovery | reconnects (users) | gave up | subscribe errors |"
            + " policy frames | relay exits |\n");
    out.append(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (Phase phase : phases) {
      PhaseResult r = analysis.analyse(phase);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | **%d** | %d | %d | %s | %d (%d) | %d |"
                  + " %d | %,.0f | %d |%n",
              phase.name,
              r.published(),
              r.notPublished(),
              r.expected(),
              r.lostUnheard(),
              r.lostPartlyHeard(),
              r.lostHeard(),
              r.inDisconnection(),
              r.terminals(),
              r.terminalsLost(),
              r.terminalsAsLatest(),
              r.latestOnSubscribe(),
              recovery(phase, r),
              r.reconnects(),
              r.usersReconnected(),
              r.clientsClosed(),
              r.subscribeErrors(),
              phase.policyFramesAtEnd - phase.policyFramesAtStart,
              phase.exitsAtEnd.size() - phase.exitsAtStart.size()));
    }
    out.append("\n## Timelines\n\nTimes are seconds from the fault's first step. `/readyz` was")
        .append(" polled every 100 ms on each instance (the next poll 100 ms after the last began,")
        .append(" or when it was answered); a change is timed when its answer came, and \"slowest")
        .append(" answer\" is the longest any poll of the phase waited (3 s at most).\n");
    for (Phase phase : phases) {
      out.append("\n**").append(phase.name).append("**: ");
      var steps = new StringBuilder();
      for (Phase.Mark mark : phase.marks) {
        steps.append(mark.what()).append(' ').append(at(phase, mark.atMillis())).append("; ");
      }
      out.append(steps);
      for (long exit : exits) {
        if (phase.contains(exit)) {
          out.append("A exited by itself ").append(at(phase, exit)).append("; ");
        }
      }
      PhaseResult r = analysis.analyse(phase);
      if (!r.terminalsLostEvents().isEmpty()) {
        List<Published> lost = r.terminalsLostEvents();
        long unheard = lost.stream().filter(event -> event.receivers() == 0).count();
        out.append(lost.size())
            .append(" terminal events never seen, published ")
            .append(at(phase, lost.get(0).endMillis()))
            .append(" to ")
            .append(at(phase, lost.get(lost.size() - 1).endMillis()))
            .append(", ")
            .append(unheard)
            .append(" of them answered by Redis with 0 receivers (e.g. ")
            .append(lost.get(0).upload())
            .append("); ");
      }
      out.append("`/readyz`: ");
      boolean any = false;
      for (Transition transition : transitions) {
        if (phase.contains(transition.atMillis())) {
          out.append(transition.instance())
              .append(' ')
              .append(transition.status())
              .append(' ')
              .append(at(phase, transition.atMillis()))
              .append(", ");
          any = true;
        }
      }
      out.append(any ? "" : "no change, ").append("slowest answer: ");
      for (String instance : List.of("A", "B")) {
        long slowest =
            polls.stream()
                .filter(poll -> poll.instance().equals(instance) && phase.contains(poll.atMillis()))
                .mapToLong(Poll::tookMillis)
                .max()
                .orElse(0);
        out.append(instance)
            .append(String.format(Locale.ROOT, " %.2f s", slowest / 1e3))
            .append(instance.equals("A") ? ", " : ".\n");
      }
    }
    out.append(DEFINITIONS);
    return out.toString();
  }

  private static String recovery(Phase phase, PhaseResult r) {
    if (r.recoveredAfterMillis() == null) {
      return r.usersNotRecovered() + " users not recovered";
    }
    long fromFault = phase.recoverFromMillis + r.recoveredAfterMillis() - phase.faultMillis;
    if (phase.recoverFromMillis == phase.faultMillis) {
      return String.format(Locale.ROOT, "%.1f s", fromFault / 1e3);
    }
    return String.format(
        Locale.ROOT,
        "%.1f s after the fault ended (%.1f s after it began)",
        r.recoveredAfterMillis() / 1e3,
        fromFault / 1e3);
  }

  private static String at(Phase phase, long millis) {
    return String.format(Locale.ROOT, "%+.1f s", (millis - phase.faultMillis) / 1e3);
  }

  private static final String DEFINITIONS =
      """

      ## What the columns mean

      - **published**: PUBLISH commands Redis answered in the phase (the phase runs from its fault
        to the next fault; each has 20-25 s of steady state after its fault ended). **not
        published**: attempts that failed because Redis was down; they are not the relay's losses.
        A terminal event that failed is published again until Redis takes it, as a worker would.
      - **expected**: published events whose PUBLISH started after the user's client had received
        the relay's `subscribed` for that upload on its current socket, and was answered more than
        250 ms before that socket closed (a frame in flight when a relay is killed is not a loss of
        the relay left standing).
      - **lost, no relay subscribed**: expected events that never reached the client's callback and
        for which Redis answered PUBLISH with 0 receivers: no relay was subscribed to Redis at that
        moment (its listener was reconnecting), so no relay could have had them. Redis pub/sub
        keeps nothing for a subscriber that is not there.
      - **lost, a relay not subscribed**: Redis handed them to fewer relays than were running (one
        relay's listener was reconnecting); the client's relay may have been that one.
      - **lost, every relay had it**: Redis handed them to every running relay, yet they never
        arrived. Progress events coalesced by the relay's `latest` policy count here too; **policy frames** is the relays' own count of frames coalesced, rate-limited or
        dropped (slow consumer) in the phase, from `/metrics` (summed over a killed instance's
        lives).
      - **in a disconnection window**: published events not expected (the client was reconnecting
        or re-subscribing) and not received. The protocol does not replay them; re-subscribing
        delivers the upload's latest event instead.
      - **terminal published**: uploads whose terminal event was published in the phase (by the
        attempt that ended the upload, when a worker published it again). **terminal lost**: those
        whose `upload_completed` the client never saw at all, neither live nor as the latest event after re-subscribing. Target 0.
        **terminal as latest**: terminal events the client got only because re-subscribing
        delivered them as the upload's latest event. **latest on re-subscribe**: events (progress
        or terminal) that reached a client right after a `subscribed` confirmation that came after
        they were published: each upload's latest event, delivered on re-subscribing.
      - **recovery**: from the moment the fault ended (the killed relay: from the kill) until every
        user's client had received an event published after that moment. A user whose client
        never did within the phase is counted as not recovered.
      - **reconnects (users)**: `connected` states after the first (each a completed reconnect),
        and how many users' clients went through `reconnecting`. **gave up**: `closed` states
        (the client stopped reconnecting). **subscribe errors**: error frames answering a
        `subscribe_upload` (the harness asks again a second later). **relay exits**: times relay A
        exited by itself (the benchmark then starts it again after 2 s, as a supervisor would).
      """;
}
