package io.progressrelay.bench.jmh;

import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code OutboundFrame.ofEvent}, the engine's once-per-event step before the recipients: the
 * frame's UTF-8 size counted over the payload, and its order key (the channel's name) built.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameBenchmark {
  private ProgressEvent[] events;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    String uploadId = Payloads.uploadId(1);
    var channel = new EventChannel.Upload("upload:", new UploadId(uploadId));
    String[] texts = Payloads.progressTexts(uploadId);
    events = new ProgressEvent[texts.length];
    for (int i = 0; i < texts.length; i++) {
      events[i] =
          ProgressEvent.of(
              channel, Payloads.ACTION, null, uploadId, texts[i], Instant.now(), System.nanoTime());
    }
  }

  /** The frame of a progress event, under the default LATEST policy. */
  @Benchmark
  public Object buildFrame() {
    return Internals.frameOf(events[next++ & Payloads.MASK], DeliveryPolicy.LATEST);
  }
}
