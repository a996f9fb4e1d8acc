package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.domain.UserId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client socket for engine tests: records what is written and closed, and either completes writes
 * at once (a fast reader) or holds them until the test lets them complete (a stalled one).
 */
class RecordingGateway implements ClientGateway {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String id = "c" + IDS.incrementAndGet();
  private final UserId user;
  private boolean stalled;
  private final List<String> written = new ArrayList<>();
  private final Deque<WriteCallback> held = new ArrayDeque<>();
  private int inFlight;
  private int maxInFlight;
  private Integer closeCode;

  RecordingGateway(String user, boolean stalled) {
    this.user = new UserId(user);
    this.stalled = stalled;
  }

  static RecordingGateway reading(String user) {
    return new RecordingGateway(user, false);
  }

  static RecordingGateway stalled(String user) {
    return new RecordingGateway(user, true);
  }

  @Override
  public String connectionId() {
    return id;
  }

  @Override
  public UserId userId() {
    return user;
  }

  @Override
  public void write(String frame, WriteCallback callback) {
    synchronized (this) {
      written.add(frame);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (stalled) {
        held.add(callback);
        return;
      }
      inFlight--;
    }
    callback.completed(null);
  }

  /** Lets the oldest held write complete, as a reader that finally reads would. */
  void completeNext() {
    WriteCallback callback;
    synchronized (this) {
      callback = held.pollFirst();
      inFlight--;
    }
    callback.completed(null);
  }

  /** The reader starts reading again: held writes complete, later ones complete at once. */
  void resume() {
    List<WriteCallback> release;
    synchronized (this) {
      stalled = false;
      release = new ArrayList<>(held);
      held.clear();
      inFlight -= release.size();
    }
    release.forEach(callback -> callback.completed(null));
  }

  /** Closes the socket; like a real one, writes still in flight fail. */
  @Override
  public void close(int code, String reason) {
    List<WriteCallback> failed;
    synchronized (this) {
      closeCode = code;
      failed = new ArrayList<>(held);
      held.clear();
      inFlight -= failed.size();
    }
    failed.forEach(callback -> callback.completed(new java.io.IOException("closed " + code)));
  }

  /** What was written after the greeting every connection starts with. */
  synchronized List<String> written() {
    return List.copyOf(written.subList(Math.min(1, written.size()), written.size()));
  }

  /** Lets the greeting through when this reader is stalled, so tests start from an idle socket. */
  void passGreeting() {
    if (stalledNow()) {
      completeNext();
    }
  }

  private synchronized boolean stalledNow() {
    return stalled && !held.isEmpty();
  }

  synchronized int maxInFlight() {
    return maxInFlight;
  }

  synchronized Integer closeCode() {
    return closeCode;
  }
}
