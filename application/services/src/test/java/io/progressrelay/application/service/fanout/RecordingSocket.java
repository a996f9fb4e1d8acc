package io.progressrelay.application.service.fanout;

import static org.awaitility.Awaitility.await;

import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.UserId;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client socket for engine tests: records every batch written (its frames and the thread that
 * wrote it) and the disconnect, and either completes writes at once (a fast reader) or holds them
 * until the test lets them complete (a stalled one). Writes arrive on the engine's delivery
 * threads, so the methods that look at them wait for what they expect.
 */
class RecordingSocket implements ClientSocket {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String id = "c" + IDS.incrementAndGet();
  private final UserId user;
  private boolean stalled;
  private final List<String> written = new ArrayList<>();
  private final List<List<String>> batches = new ArrayList<>();
  private final List<Thread> writingThreads = new ArrayList<>();
  private final Deque<WriteCallback> held = new ArrayDeque<>();
  private int inFlight;
  private int maxInFlight;
  private DisconnectReason disconnected;

  RecordingSocket(String user, boolean stalled) {
    this.user = new UserId(user);
    this.stalled = stalled;
  }

  static RecordingSocket reading(String user) {
    return new RecordingSocket(user, false);
  }

  static RecordingSocket stalled(String user) {
    return new RecordingSocket(user, true);
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
  public void write(FrameBatch frames, WriteCallback callback) {
    synchronized (this) {
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < frames.size(); i++) {
        batch.add(frames.get(i).text());
      }
      written.addAll(batch);
      batches.add(batch);
      writingThreads.add(Thread.currentThread());
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

  /** Waits for a write the stalled reader holds and lets the oldest complete, as a reader would. */
  void completeNext() {
    await().until(this::holdsAWrite);
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

  /** Ends the socket; like a real one, writes still in flight fail. */
  @Override
  public void disconnect(DisconnectReason reason) {
    List<WriteCallback> failed;
    synchronized (this) {
      disconnected = reason;
      failed = new ArrayList<>(held);
      held.clear();
      inFlight -= failed.size();
    }
    failed.forEach(callback -> callback.completed(new IOException("disconnected: " + reason)));
  }

  /** What was written after the greeting every connection starts with. */
  synchronized List<String> written() {
    return List.copyOf(written.subList(Math.min(1, written.size()), written.size()));
  }

  /** Each write's frames, in order, the greeting's write included. */
  synchronized List<List<String>> batches() {
    return List.copyOf(batches);
  }

  /** The threads that called {@link #write}, one per write. */
  synchronized List<Thread> writingThreads() {
    return List.copyOf(writingThreads);
  }

  /** Lets the greeting through when this reader is stalled, so tests start from an idle socket. */
  void passGreeting() {
    if (isStalled()) {
      completeNext();
    } else {
      await().until(() -> writes() >= 1);
    }
  }

  /** Waits until {@code count} writes were started. */
  void awaitWrites(int count) {
    await().until(() -> writes() >= count);
  }

  synchronized int writes() {
    return batches.size();
  }

  private synchronized boolean isStalled() {
    return stalled;
  }

  synchronized boolean holdsAWrite() {
    return !held.isEmpty();
  }

  synchronized int maxInFlight() {
    return maxInFlight;
  }

  synchronized DisconnectReason disconnected() {
    return disconnected;
  }
}
