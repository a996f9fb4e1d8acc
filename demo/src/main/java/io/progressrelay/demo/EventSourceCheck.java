package io.progressrelay.demo;

import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.bootstrap.backends.EventSource;

/** Ready while an event source is running, so events can reach browsers. */
record EventSourceCheck(String name, EventSource source, String runningDetail)
    implements ReadinessCheck {
  @Override
  public Result check() {
    return source.isConnected()
        ? new Result(name, true, runningDetail)
        : new Result(name, false, "the event source is not running");
  }
}
