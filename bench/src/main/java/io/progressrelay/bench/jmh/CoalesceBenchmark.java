package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A progress event (LATEST policy) replacing the unsent one of the same upload, for a client whose
 * socket never completes a write: through the whole engine, and as {@code
 * QueuedClientConnection.offer} alone. The queue must hold exactly one frame throughout, and the
 * connection stay open.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoalesceBenchmark {
  /** An engine whose one subscriber is stalled, with one progress frame already waiting. */
  @State(Scope.Benchmark)
  public static class ThroughEngine {
    RelayFixture relay;
    StalledSocket client;
    EventChannel channel;
    String uploadId;
    String[] texts;
    long events;
    long eventsBefore;
    long coalescedBefore;

    @Setup(Level.Trial)
    public void start() {
      relay = new RelayFixture(HistoryLevel.OFF);
      uploadId = Payloads.uploadId(2);
      UploadId upload = relay.upload(uploadId, "alice", List.of(new UserId("carol")));
      client = relay.connect(new StalledSocket("c-carol", new UserId("carol")));
      texts = Payloads.progressTexts(uploadId);
      channel = new EventChannel.Upload("upload:", upload);
      relay.loadRouteToStalled(upload, texts[0], 1);
    }

    @Setup(Level.Iteration)
    public void mark() {
      eventsBefore = events;
      coalescedBefore = relay.stats().framesCoalesced();
    }

    @TearDown(Level.Iteration)
    public void verify() {
      Verify.open(client.disconnected(), relay.stats());
      Verify.equal("writes started (the greeting only)", 1, client.written());
      Verify.equal(
          "frames coalesced",
          events - eventsBefore,
          relay.stats().framesCoalesced() - coalescedBefore);
      for (ConnectionSnapshot connection : relay.engine.connections()) {
        Verify.equal("frames queued", 1, connection.queuedFrames());
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      relay.close();
    }
  }

  /** One stalled connection built directly, with one progress frame already waiting. */
  @State(Scope.Benchmark)
  public static class OneConnection {
    StalledSocket socket;
    Object connection;
    Object[] frames;
    long offers;
    long offersBefore;
    long coalescedBefore;

    @Setup(Level.Trial)
    public void start() {
      socket = new StalledSocket("c-carol", new UserId("carol"));
      connection = Internals.startedConnection(socket, RelayFixture.GREETING);
      frames = OfferBenchmark.frames(Payloads.uploadId(2));
      Internals.offer(connection, frames[0]);
    }

    @Setup(Level.Iteration)
    public void mark() {
      offersBefore = offers;
      coalescedBefore = Internals.snapshot(connection).framesCoalesced();
    }

    @TearDown(Level.Iteration)
    public void verify() {
      ConnectionSnapshot snapshot = Internals.snapshot(connection);
      if (Internals.isClosed(connection) || socket.disconnected() != null) {
        throw new IllegalStateException("the connection was closed: " + socket.disconnected());
      }
      Verify.equal("frames queued", 1, snapshot.queuedFrames());
      Verify.equal(
          "frames coalesced", offers - offersBefore, snapshot.framesCoalesced() - coalescedBefore);
    }
  }

  /** Classify, route, and coalesce into the waiting frame of the one stalled subscriber. */
  @Benchmark
  public void relayCoalesced(ThroughEngine state) {
    state.relay.engine.relay(
        ProgressEvent.of(
            state.channel,
            Payloads.ACTION,
            null,
            state.uploadId,
            state.texts[(int) state.events++ & Payloads.MASK],
            Instant.now(),
            System.nanoTime()));
  }

  /** {@code QueuedClientConnection.offer} of a built frame: answers {@code COALESCED}. */
  @Benchmark
  public Object offerCoalesced(OneConnection state) {
    return Internals.offer(state.connection, state.frames[(int) state.offers++ & Payloads.MASK]);
  }
}
