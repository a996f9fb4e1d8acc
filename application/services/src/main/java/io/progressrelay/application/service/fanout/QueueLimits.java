package io.progressrelay.application.service.fanout;

/** How much one connection may have queued before it counts as a slow consumer. */
record QueueLimits(int maxFrames, long maxBytes) {
  QueueLimits {
    if (maxFrames < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("queue limits must be positive");
    }
  }
}
