package io.progressrelay.bench.jmh;

import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One progress event to its one subscriber, connected with an always-writable socket, in steady
 * state: from the Redis message bytes ({@code listenerToSocket}) or from the parsed event ({@code
 * relayToSocket}) to the frame queued and handed to the delivery thread, which writes it meanwhile.
 * Each iteration checks that every event was written (or replaced by a newer one while waiting for
 * its write) and the connection is still open.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneRecipientBenchmark {
  /** Delivery history: OFF as the relay's primary figure, ALL as production's default level. */
  @Param({"OFF", "ALL"})
  public HistoryLevel history;

  private RelayFixture relay;
  private InlineSocket client;
  private Object listener;
  private EventChannel channel;
  private String uploadId;
  private byte[] channelBytes;
  private byte[][] messages;
  private String[] texts;
  private long events;
  private long eventsBefore;
  private long[] settledBefore;

  @Setup(Level.Trial)
  public void start() {
    relay = new RelayFixture(history);
    uploadId = Payloads.uploadId(1);
    UploadId upload = relay.upload(uploadId, "alice", List.of(new UserId("bob")));
    client = relay.connect(new InlineSocket("c-bob", new UserId("bob")));
    texts = Payloads.progressTexts(uploadId);
    messages = Payloads.progressBytes(uploadId);
    channel = new EventChannel.Upload("upload:", upload);
    channelBytes = Payloads.channel(uploadId).getBytes(StandardCharsets.UTF_8);
    listener = Internals.messageHandler(relay.engine, relay.engine);
    relay.loadRoute(upload, texts[0], 1);
  }

  @Setup(Level.Iteration)
  public void mark() {
    eventsBefore = events;
    settledBefore = Verify.settled(relay.engine, List.of(client));
  }

  /** Parse, classify, route, enqueue and write: the Redis listener's whole path for a message. */
  @Benchmark
  public void listenerToSocket() {
    Internals.handle(listener, channelBytes, messages[(int) events++ & Payloads.MASK]);
  }

  /** Classify, route, enqueue and write an event whose fields are already parsed. */
  @Benchmark
  public void relayToSocket() {
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
    Verify.settledAll(relay.engine, List.of(client), settledBefore, events - eventsBefore);
    Verify.open(client.disconnected(), relay.stats());
  }

  @TearDown(Level.Trial)
  public void stop() {
    Verify.historyKeptUp(relay.historyStats());
    relay.close();
  }
}
