package io.progressrelay.application.service.history;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds the {@code coalesced} or {@code rate_limited} outcomes one recipient had in a row on one
 * channel and upload, within one writer batch, into a single record standing for the run: a reader
 * that stopped reading a 500 events/s upload then costs history one item per batch instead of 500
 * per second. Runs on the history writer's thread, never on the delivery path. A run of one frame
 * stays the plain outcome. Stateless.
 */
final class OutcomeRuns {
  private OutcomeRuns() {}

  /** Where one recipient's frames of one upload go: runs never mix channels or uploads. */
  private record Stream(String userId, String channel, Optional<String> uploadId) {}

  /**
   * The batch with each run folded; other outcomes keep their order, a run takes the place of its
   * end (the outcome that ended it, or the batch's end).
   */
  static List<DeliveryView> summarized(List<DeliveryView> batch) {
    Map<Stream, Run> open = new LinkedHashMap<>();
    List<DeliveryView> out = new ArrayList<>(batch.size());
    for (DeliveryView view : batch) {
      DeliveryRecord delivery = view.delivery();
      if (delivery.userId().isEmpty()) {
        out.add(view);
        continue;
      }
      var stream =
          new Stream(delivery.userId().get(), view.event().channel(), view.event().uploadId());
      Run run = open.get(stream);
      if (foldable(delivery)) {
        if (run != null && run.outcome() == delivery.outcome()) {
          run.add(view);
          continue;
        }
        if (run != null) {
          out.add(run.summary());
        }
        open.put(stream, new Run(view));
      } else {
        if (run != null) {
          out.add(open.remove(stream).summary());
        }
        out.add(view);
      }
    }
    open.values().forEach(run -> out.add(run.summary()));
    return out;
  }

  private static boolean foldable(DeliveryRecord delivery) {
    return delivery.run().isEmpty()
        && (delivery.outcome() == DeliveryOutcome.COALESCED
            || delivery.outcome() == DeliveryOutcome.RATE_LIMITED);
  }

  /** The frames of one run so far: the earliest and the latest event, and how many. */
  private static final class Run {
    private DeliveryView first;
    private DeliveryView last;
    private int count = 1;

    Run(DeliveryView view) {
      first = view;
      last = view;
    }

    DeliveryOutcome outcome() {
      return first.delivery().outcome();
    }

    // Outcomes of a user with several sockets may settle out of receipt order; the run still
    // reaches from the earliest event to the latest.
    void add(DeliveryView view) {
      count++;
      if (isBefore(view.event(), first.event())) {
        first = view;
      }
      if (isBefore(last.event(), view.event())) {
        last = view;
      }
    }

    DeliveryView summary() {
      if (count == 1) {
        return last;
      }
      EventRecord start = first.event();
      return new DeliveryView(
          last.event(),
          last.delivery().withRun(new DeliveryRun(count, start.eventId(), start.receivedAt())));
    }

    private static boolean isBefore(EventRecord a, EventRecord b) {
      int byTime = a.receivedAt().compareTo(b.receivedAt());
      return byTime < 0 || (byTime == 0 && a.eventId().compareTo(b.eventId()) < 0);
    }
  }
}
