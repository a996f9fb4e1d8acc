package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every route of an engine hands its work to: the dispatcher for its frames, the writer for
 * its latest event, the bound on events that may wait for a load (with the count of those dropped
 * past it), and the positions and history limits of resuming clients. Shared by all routes, so a
 * route costs one reference for all of it.
 */
record RouteContext(
    FrameDispatcher frames,
    LatestEventWriter latestEvents,
    int maxPending,
    AtomicLong pendingDropped,
    PositionLedger ledger,
    HistoryLimits historyLimits) {

  /**
   * The frame every recipient of {@code event} shares, with the cursor a client of positions may
   * resume from while an older event still waits for its upload's audience.
   */
  OutboundFrame frameOf(ProgressEvent event) {
    Position position = event.position().orElse(null);
    return frames.frameOf(event, position == null ? null : ledger.cursorFor(position));
  }
}
