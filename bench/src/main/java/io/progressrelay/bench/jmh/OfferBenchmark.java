package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
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
 * {@code QueuedClientConnection.offer} alone, the per-recipient step of the fan-out: an already
 * built frame queued on one connection whose socket is always writable, and the connection handed
 * to its delivery thread when idle; that thread takes the frames off the queue and writes them
 * meanwhile. Each iteration checks that every frame was sent or replaced by a newer one while it
 * waited.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OfferBenchmark {
  private InlineSocket socket;
  private Object connection;
  private Object[] frames;
  private long offers;
  private long offersBefore;
  private long settledBefore;

  @Setup(Level.Trial)
  public void start() {
    socket = new InlineSocket("c-bob", new UserId("bob"));
    connection = Internals.startedConnection(socket, RelayFixture.GREETING);
    frames = frames(Payloads.uploadId(1));
  }

  static Object[] frames(String uploadId) {
    var channel = new EventChannel.Upload("upload:", new UploadId(uploadId));
    String[] texts = Payloads.progressTexts(uploadId);
    Object[] frames = new Object[texts.length];
    for (int i = 0; i < texts.length; i++) {
      frames[i] =
          Internals.frameOf(
              ProgressEvent.of(
                  channel,
                  Payloads.ACTION,
                  null,
                  uploadId,
                  texts[i],
                  Instant.now(),
                  System.nanoTime()));
    }
    return frames;
  }

  @Setup(Level.Iteration)
  public void mark() {
    offersBefore = offers;
    settledBefore = settled(Internals.snapshot(connection));
  }

  private static long settled(ConnectionSnapshot snapshot) {
    return snapshot.framesSent() + snapshot.framesCoalesced();
  }

  /** One frame queued on one connection: answers {@code QUEUED} (or {@code COALESCED}). */
  @Benchmark
  public Object offerAndWrite() {
    return Internals.offer(connection, frames[(int) offers++ & Payloads.MASK]);
  }

  @TearDown(Level.Iteration)
  public void verify() {
    long offered = offers - offersBefore;
    RelayFixture.await(
        () -> settled(Internals.snapshot(connection)) - settledBefore == offered,
        offered + " frames sent or coalesced");
    if (Internals.isClosed(connection) || socket.disconnected() != null) {
      throw new IllegalStateException("the connection was closed: " + socket.disconnected());
    }
    Verify.equal("frames queued", 0, Internals.snapshot(connection).queuedFrames());
  }
}
