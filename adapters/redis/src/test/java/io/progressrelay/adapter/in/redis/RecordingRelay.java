package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.ProgressEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event it is asked to relay, in order, for assertions from the test thread. */
public final class RecordingRelay implements RelayEventUseCase {
  private final List<ProgressEvent> events = new ArrayList<>();

  @Override
  public synchronized void relay(ProgressEvent event) {
    events.add(event);
  }

  public synchronized List<ProgressEvent> events() {
    return List.copyOf(events);
  }

  public synchronized int count() {
    return events.size();
  }

  public List<String> payloads() {
    return events().stream().map(ProgressEvent::payload).toList();
  }
}
