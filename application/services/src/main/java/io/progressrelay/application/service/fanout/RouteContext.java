package io.progressrelay.application.service.fanout;

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
    HistoryLimits historyLimits) {}
