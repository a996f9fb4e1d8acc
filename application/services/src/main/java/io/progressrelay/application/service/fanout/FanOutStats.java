package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.EventKind;

/**
 * The fan-out engine's counters since start.
 *
 * @param eventsRelayed events handed to the engine
 * @param eventsWithoutAudience upload events that had no subscriber connected anywhere here
 * @param framesQueued frames queued to a connection (or held by its progress rate limit)
 * @param framesCoalesced progress frames that replaced an unsent one in a queue
 * @param slowConsumersClosed connections closed with 4008 because a frame did not fit
 * @param pendingDropped events dropped while waiting for one upload's subscribers: too many waited,
 *     or the upload was registered or deleted meanwhile
 * @param audienceLoads subscriber lists loaded from storage
 * @param audienceLoadFailures loads that failed and were retried
 * @param latestEventWriteFailures flushes of latest events that failed and were retried
 * @param connections live connections now
 * @param progressEvents events relayed whose kind is {@link EventKind#PROGRESS}
 * @param terminalEvents events relayed whose kind is {@link EventKind#TERMINAL}
 * @param otherEvents events relayed whose kind is {@link EventKind#OTHER}
 * @param framesSent event frames written to a socket (replays of the latest event excluded)
 * @param framesRateLimited progress frames replaced while the rate limit held them
 * @param framesDropped frames lost with the connections closed as slow consumers
 * @param socketWrites batches of frames handed to sockets, each carrying one or more frames (the
 *     greeting and control frames included): frames a socket took divided by this is how many
 *     frames one write carried on average
 */
public record FanOutStats(
    long eventsRelayed,
    long eventsWithoutAudience,
    long framesQueued,
    long framesCoalesced,
    long slowConsumersClosed,
    long pendingDropped,
    long audienceLoads,
    long audienceLoadFailures,
    long latestEventWriteFailures,
    int connections,
    long progressEvents,
    long terminalEvents,
    long otherEvents,
    long framesSent,
    long framesRateLimited,
    long framesDropped,
    long socketWrites) {

  /** Events relayed of one kind. */
  public long eventsRelayed(EventKind kind) {
    return switch (kind) {
      case PROGRESS -> progressEvents;
      case TERMINAL -> terminalEvents;
      case OTHER -> otherEvents;
    };
  }
}
