package io.progressrelay.bench.jmh;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
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
 * The steps the Redis listener takes before the engine, one by one, to see what the parse and
 * classify share of {@link OneRecipientBenchmark#listenerToSocket} is made of.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParseBenchmark {
  private final RedisListenerSettings settings = RedisListenerSettings.defaults();
  // The handler's own decoder settings: strict, so invalid UTF-8 is refused rather than repaired.
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private Object parser;
  private String uploadId;
  private EventChannel channel;
  private byte[] channelBytes;
  private byte[][] messages;
  private String[] texts;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    parser = Internals.parser();
    uploadId = Payloads.uploadId(1);
    channelBytes = Payloads.channel(uploadId).getBytes(StandardCharsets.UTF_8);
    channel = EventChannel.parse("upload:", "user:", Payloads.channel(uploadId)).orElseThrow();
    messages = Payloads.progressBytes(uploadId);
    texts = Payloads.progressTexts(uploadId);
  }

  /** {@code ProgressMessageParser.parse}: the streaming read of action, batch and upload ids. */
  @Benchmark
  public Object parseFields() {
    return Internals.parse(parser, messages[next++ & Payloads.MASK]);
  }

  /** The channel name decoded and validated into an {@link EventChannel} (with its id regex). */
  @Benchmark
  public Optional<EventChannel> parseChannel() {
    String name = new String(channelBytes, StandardCharsets.UTF_8);
    return EventChannel.parse(settings.uploadPrefix(), settings.userPrefix(), name);
  }

  /** {@code new UploadId(..)} alone: the id's validation by regex, part of {@code parseChannel}. */
  @Benchmark
  public UploadId validateUploadId() {
    return new UploadId(uploadId);
  }

  /** The payload decoded as the handler decodes it, to forward it byte for byte. */
  @Benchmark
  public String decodePayload() throws CharacterCodingException {
    return utf8.reset().decode(ByteBuffer.wrap(messages[next++ & Payloads.MASK])).toString();
  }

  /** {@link ProgressEvent#of}: the event's kind and coalesce key, as the handler builds it. */
  @Benchmark
  public ProgressEvent classify() {
    return ProgressEvent.of(
        channel,
        Payloads.ACTION,
        null,
        uploadId,
        texts[next++ & Payloads.MASK],
        Instant.now(),
        System.nanoTime());
  }
}
