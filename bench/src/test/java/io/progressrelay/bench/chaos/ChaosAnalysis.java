package io.progressrelay.bench.chaos;

import io.progressrelay.bench.chaos.BrowserFleet.Observation;
import io.progressrelay.bench.chaos.Workload.Published;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the run's record (every publish, every client observation) and says, per phase, which
 * events a client should have had and did not. An event is <em>expected</em> when its PUBLISH
 * started after the user's client had the relay's {@code subscribed} confirmation for the upload on
 * its current socket, and Redis answered it more than {@value #CLOSE_MARGIN_MILLIS} ms before that
 * socket closed (a frame in flight when a relay is killed is not a loss of the relay that is left).
 * An expected event that never reached the client's callback is <em>lost</em>. Other undelivered
 * events fell in a disconnection window: the protocol does not replay them, and re-subscribing
 * delivers the upload's latest event instead. A terminal event is lost when its client never saw it
 * at all, live or as the latest event after re-subscribing.
 */
final class ChaosAnalysis {
  static final long CLOSE_MARGIN_MILLIS = 250;

  /** What one phase came to. */
  record PhaseResult(
      int published,
      int notPublished,
      int expected,
      int lostUnheard,
      int lostPartlyHeard,
      int lostHeard,
      int lostTerminalWhileSubscribed,
      int inDisconnection,
      int terminals,
      int terminalsLost,
      List<Published> terminalsLostEvents,
      int terminalsAsLatest,
      int latestOnSubscribe,
      int reconnects,
      int usersReconnected,
      int clientsClosed,
      int subscribeErrors,
      Long recoveredAfterMillis,
      int usersNotRecovered) {}

  private record Interval(long from, long to) {}

  private final List<Published> published;
  private final List<Observation> observations;
  private final Set<String> received = new HashSet<>();
  private final Map<String, Long> terminalSeen = new HashMap<>();
  private final Map<String, Published> byEvent = new HashMap<>();
  private final Map<String, Published> finalTerminal = new HashMap<>();
  private final Map<String, List<Interval>> subscribed = new HashMap<>();
  private final Map<String, List<Long>> confirmations = new HashMap<>();

  ChaosAnalysis(List<Published> published, List<Observation> observations) {
    this.published = published;
    this.observations = observations;
    for (Published event : published) {
      if (event.ok()) {
        byEvent.put(event.upload() + "#" + event.seq(), event);
        if (event.terminal()) {
          finalTerminal.put(event.upload(), event);
        }
      }
    }
    Map<String, Long> socketOpened = new HashMap<>();
    Map<String, List<Observation>> confirmedOnSocket = new HashMap<>();
    for (Observation seen : observations) {
      switch (seen.kind()) {
        case "event" -> {
          received.add(seen.upload() + "#" + seen.seq());
          if ("upload_completed".equals(seen.detail())) {
            terminalSeen.putIfAbsent(seen.upload(), seen.atMillis());
          }
        }
        case "subscribed" -> {
          confirmedOnSocket.computeIfAbsent(seen.user(), u -> new ArrayList<>()).add(seen);
          confirmations
              .computeIfAbsent(seen.user() + " " + seen.upload(), k -> new ArrayList<>())
              .add(seen.atMillis());
        }
        case "state" -> {
          if (seen.detail().startsWith("connected")) {
            socketOpened.put(seen.user(), seen.atMillis());
          } else if (socketOpened.remove(seen.user()) != null) {
            closeSocket(confirmedOnSocket.remove(seen.user()), seen.atMillis());
          }
        }
        default -> {}
      }
    }
    confirmedOnSocket.values().forEach(open -> closeSocket(open, Long.MAX_VALUE));
  }

  private void closeSocket(List<Observation> confirmed, long closedAt) {
    if (confirmed == null) {
      return;
    }
    for (Observation confirmation : confirmed) {
      subscribed
          .computeIfAbsent(
              confirmation.user() + " " + confirmation.upload(), k -> new ArrayList<>())
          .add(new Interval(confirmation.atMillis(), closedAt));
    }
  }

  PhaseResult analyse(Phase phase) {
    int ok = 0;
    int failed = 0;
    int expected = 0;
    int lostUnheard = 0;
    int lostPartlyHeard = 0;
    int lostHeard = 0;
    int lostTerminal = 0;
    int inDisconnection = 0;
    int terminals = 0;
    int asLatest = 0;
    List<Published> terminalsLost = new ArrayList<>();
    for (Published event : published) {
      if (!phase.contains(event.startMillis())) {
        continue;
      }
      if (!event.ok()) {
        failed++;
        continue;
      }
      ok++;
      boolean got = received.contains(event.upload() + "#" + event.seq());
      if (expected(event)) {
        expected++;
        if (!got) {
          if (event.receivers() == 0) {
            lostUnheard++;
          } else if (event.receivers() < event.relaysRunning()) {
            lostPartlyHeard++;
          } else {
            lostHeard++;
          }
          lostTerminal += event.terminal() ? 1 : 0;
        }
      } else if (!got) {
        inDisconnection++;
      }
      // Per upload: the attempt that ended it (a worker may publish its terminal event again).
      if (event.terminal() && finalTerminal.get(event.upload()) == event) {
        terminals++;
        Long seenAt = terminalSeen.get(event.upload());
        if (seenAt == null) {
          terminalsLost.add(event);
        } else if (deliveredOnResubscribe(event, seenAt)) {
          asLatest++;
        }
      }
    }
    Recovery recovery = recovery(phase);
    return new PhaseResult(
        ok,
        failed,
        expected,
        lostUnheard,
        lostPartlyHeard,
        lostHeard,
        lostTerminal,
        inDisconnection,
        terminals,
        terminalsLost.size(),
        terminalsLost,
        asLatest,
        latestOnSubscribe(phase),
        count(phase, "connected", true),
        usersReconnected(phase),
        count(phase, "closed", false),
        (int)
            observations.stream()
                .filter(seen -> "error".equals(seen.kind()) && phase.contains(seen.atMillis()))
                .count(),
        recovery.afterMillis,
        recovery.usersNotRecovered);
  }

  private boolean expected(Published event) {
    for (Interval interval :
        subscribed.getOrDefault(event.user() + " " + event.upload(), List.of())) {
      if (interval.from <= event.startMillis()
          && event.endMillis() < interval.to - CLOSE_MARGIN_MILLIS) {
        return true;
      }
    }
    return false;
  }

  // The terminal event arrived right after a subscribed confirmation that came after its publish.
  private boolean deliveredOnResubscribe(Published terminal, long seenAt) {
    for (long confirmed :
        confirmations.getOrDefault(terminal.user() + " " + terminal.upload(), List.of())) {
      if (confirmed >= terminal.endMillis() && confirmed <= seenAt) {
        return true;
      }
    }
    return false;
  }

  // Events received after a subscribed confirmation that came after they were published: the
  // upload's latest event, delivered on (re-)subscribing.
  private int latestOnSubscribe(Phase phase) {
    int count = 0;
    for (Observation seen : observations) {
      if (!"event".equals(seen.kind()) || !phase.contains(seen.atMillis())) {
        continue;
      }
      Published event = byEvent.get(seen.upload() + "#" + seen.seq());
      if (event == null) {
        continue;
      }
      for (long confirmed :
          confirmations.getOrDefault(seen.user() + " " + seen.upload(), List.of())) {
        if (confirmed >= event.endMillis() && confirmed <= seen.atMillis()) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  private record Recovery(Long afterMillis, int usersNotRecovered) {}

  // Every user's first event published after the recovery point, received: the latest such
  // first receipt, from the recovery point.
  private Recovery recovery(Phase phase) {
    Map<String, Long> firstFresh = new HashMap<>();
    for (Observation seen : observations) {
      if (!"event".equals(seen.kind()) || seen.atMillis() < phase.recoverFromMillis) {
        continue;
      }
      Published event = byEvent.get(seen.upload() + "#" + seen.seq());
      if (event != null && event.startMillis() >= phase.recoverFromMillis) {
        firstFresh.merge(seen.user(), seen.atMillis(), Math::min);
      }
    }
    Set<String> users = new HashSet<>();
    published.forEach(event -> users.add(event.user()));
    int missing = 0;
    long latest = phase.recoverFromMillis;
    for (String user : users) {
      Long first = firstFresh.get(user);
      if (first == null || first >= phase.endMillis) {
        missing++;
      } else {
        latest = Math.max(latest, first);
      }
    }
    return new Recovery(missing == 0 ? latest - phase.recoverFromMillis : null, missing);
  }

  private int count(Phase phase, String state, boolean afterFirst) {
    Set<String> connectedBefore = new HashSet<>();
    int count = 0;
    for (Observation seen : observations) {
      if (!"state".equals(seen.kind()) || !seen.detail().startsWith(state)) {
        continue;
      }
      if (phase.contains(seen.atMillis())
          && (!afterFirst || connectedBefore.contains(seen.user()))) {
        count++;
      }
      connectedBefore.add(seen.user());
    }
    return count;
  }

  private int usersReconnected(Phase phase) {
    Set<String> users = new HashSet<>();
    for (Observation seen : observations) {
      if ("state".equals(seen.kind())
          && seen.detail().startsWith("reconnecting")
          && phase.contains(seen.atMillis())) {
        users.add(seen.user());
      }
    }
    return users.size();
  }
}
