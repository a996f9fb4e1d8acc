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
 * {@code ClientConnection.offer} alone, the per-recipient step of the fan-out: an already built
 * frame queued on one connection whose socket is always writable, so each offer also takes the
 * frame off the queue, writes it and completes the write, and the queue stays empty.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OfferBenchmark {
  private InlineGateway gateway;
  private Object connection;
  private Object[] frames;
  private long offers;
  private long offersBefore;
  private long sentBefore;

  @Setup(Level.Trial)
  public void start() {
    gateway = new InlineGateway("c-bob", new UserId("bob"));
    connection = Internals.startedConnection(gateway, RelayFixture.GREETING);
    frames = frames(Payloads.uploadId(1));
  }

  static Object[] frames(String uploadId) {
    var channel = new EventChannel.Upload(new UploadId(uploadId));
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
    sentBefore = Internals.snapshot(connection).framesSent();
  }

  /** One frame queued, written and completed on one connection: answers {@code QUEUED}. */
  @Benchmark
  public Object offerAndWrite() {
    return Internals.offer(connection, frames[(int) offers++ & Payloads.MASK]);
  }

  @TearDown(Level.Iteration)
  public void verify() {
    ConnectionSnapshot snapshot = Internals.snapshot(connection);
    if (Internals.isClosed(connection) || gateway.closeCode() != null) {
      throw new IllegalStateException("the connection was closed: " + gateway.closeCode());
    }
    Verify.equal("frames queued", 0, snapshot.queuedFrames());
    Verify.equal("frames sent", offers - offersBefore, snapshot.framesSent() - sentBefore);
  }
}
