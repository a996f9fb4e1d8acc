package io.progressrelay.bench.jmh;

import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One progress event to an upload with {@code subscribers} users, each with one always-writable
 * connection, history off. The score is per event, so the cost of each extra recipient is {@code
 * (score(N) - score(1)) / (N - 1)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanOutWidthBenchmark {
  @Param({"1", "10", "100", "1000"})
  public int subscribers;

  private RelayFixture relay;
  private final List<InlineSocket> clients = new ArrayList<>();
  private long[] settledBefore;
  private EventChannel channel;
  private String uploadId;
  private String[] texts;
  private long events;
  private long eventsBefore;

  @Setup(Level.Trial)
  public void start() {
    relay = new RelayFixture(HistoryLevel.OFF);
    uploadId = Payloads.uploadId(3);
    List<UserId> users = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      users.add(new UserId(String.format("user-%04d", i)));
    }
    UploadId upload = relay.upload(uploadId, "alice", users);
    for (UserId user : users) {
      clients.add(relay.connect(new InlineSocket("c-" + user.value(), user)));
    }
    texts = Payloads.progressTexts(uploadId);
    channel = new EventChannel.Upload("upload:", upload);
    relay.loadRoute(upload, texts[0], subscribers);
  }

  @Setup(Level.Iteration)
  public void mark() {
    eventsBefore = events;
    settledBefore = Verify.settled(relay.engine, clients);
  }

  /**
   * Classify, route, and queue on every subscriber's connection, handing idle ones to their
   * delivery threads, which write meanwhile.
   */
  @Benchmark
  public void relayToSockets() {
    relay.engine.relay(
        ProgressEvent.of(
            channel,
            Payloads.ACTION,
            null,
            uploadId,
            texts[(int) events++ & Payloads.MASK],
            Instant.now(),
            System.nanoTime()));
  }

  @TearDown(Level.Iteration)
  public void verify() {
    Verify.settledAll(relay.engine, clients, settledBefore, events - eventsBefore);
    clients.forEach(client -> Verify.open(client.disconnected(), relay.stats()));
  }

  @TearDown(Level.Trial)
  public void stop() {
    relay.close();
  }
}
