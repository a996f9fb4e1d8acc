package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket client (the JDK's) as a browser would be: collects the server's text frames in
 * order and the close code it ends with. Every frame it sends and receives is checked against the
 * AsyncAPI document for the protocol version the relay selected: a frame that breaks it fails the
 * test when sent, when read, or (unread) when the socket is closed. {@link #sendUnchecked} sends a
 * frame the contract does not allow, for tests of the relay's answers to bad input.
 */
public final class TestSocket implements WebSocket.Listener {
  /** How the server ended the socket. */
  public record Closed(int code, String reason) {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);

  // A frame received, with why it breaks the contract (null when it does not).
  private record Received(String text, String violation) {}

  private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final AtomicInteger pongs = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket webSocket;
  private volatile Channel channel = Channel.SOCKET_V1;
  private volatile boolean reading = true;

  private TestSocket() {}

  /** Opens a socket to {@code uri} with {@code headers} on the upgrade request. */
  public static TestSocket open(URI uri, Map<String, String> headers) {
    return open(uri, headers, List.of());
  }

  /**
   * Opens a socket to {@code uri} with {@code headers} on the upgrade request, offering {@code
   * subprotocols} in order of preference ({@code Sec-WebSocket-Protocol}).
   */
  public static TestSocket open(URI uri, Map<String, String> headers, List<String> subprotocols) {
    var socket = new TestSocket();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
    headers.forEach(builder::header);
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(
          subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    try {
      socket.webSocket = builder.buildAsync(uri, socket).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new CompletionException(e.getCause() == null ? e : e.getCause());
    }
    return socket;
  }

  /** The HTTP status the server refused the upgrade with; fails when it accepted it. */
  public static int refusedStatus(URI uri, Map<String, String> headers) {
    try {
      TestSocket accepted = open(uri, headers);
      accepted.webSocket.abort();
      throw new AssertionError("the upgrade to " + uri + " was accepted");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }
  }

  /** The subprotocol the server selected; empty when it selected none. */
  public String subprotocol() {
    return webSocket.getSubprotocol();
  }

  /** Sends {@code text}, which must be a client frame the AsyncAPI document lists. */
  public void send(String text) {
    AsyncApiContract.get().checkClientFrame(channel, text);
    sendUnchecked(text);
  }

  /**
   * Sends {@code text} as it is, unchecked: for tests that send what the contract forbids on
   * purpose (not JSON, wrong types, missing fields, padding) to see how the relay answers.
   */
  public void sendUnchecked(String text) {
    webSocket.sendText(text, true).join();
  }

  /**
   * Sends one text message as several frames: the first, then continuations, the last final. The
   * joined message must be a client frame the AsyncAPI document lists.
   */
  public void sendFragments(String... parts) {
    AsyncApiContract.get().checkClientFrame(channel, String.join("", parts));
    sendFragmentsUnchecked(parts);
  }

  /** As {@link #sendFragments}, unchecked, for messages the contract forbids on purpose. */
  public void sendFragmentsUnchecked(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      webSocket.sendText(parts[i], i == parts.length - 1).join();
    }
  }

  public void sendBinary(byte[] data) {
    webSocket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** Sends a WebSocket ping control frame; the server answers with a pong. */
  public void sendPing() {
    webSocket.sendPing(ByteBuffer.wrap(new byte[] {1})).join();
  }

  /** Sends an unsolicited WebSocket pong, which RFC 6455 allows as a heartbeat. */
  public void sendPong() {
    webSocket.sendPong(ByteBuffer.allocate(0)).join();
  }

  public int pongsReceived() {
    return pongs.get();
  }

  /**
   * The next text frame; fails when none arrives within five seconds, or when it breaks the
   * AsyncAPI document.
   */
  public String nextFrame() {
    try {
      Received frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT + "; closed: " + closed.getNow(null));
      }
      if (frame.violation() != null) {
        throw new AssertionError(frame.violation());
      }
      return frame.text();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonNode nextJson() {
    String frame = nextFrame();
    try {
      return MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the frame is not JSON: " + frame, e);
    }
  }

  /** Frames received but not read yet. */
  public int pendingFrames() {
    return frames.size();
  }

  /** How the server closed the socket; fails when it stays open for five seconds. */
  public Closed awaitClose() {
    return awaitClose(WAIT);
  }

  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the socket is still open after " + timeout, e);
    } catch (ExecutionException e) {
      throw new AssertionError("the socket failed instead of closing", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops reading, as a stalled browser tab would: after the frame being read, nothing more is
   * taken from the socket, so the server's writes back up.
   */
  public void stopReading() {
    reading = false;
  }

  /** Drops the connection without a close handshake, as a crashed browser or network would. */
  public void abort() {
    webSocket.abort();
  }

  /** Reads again, taking everything the server sent meanwhile (and its close, if any). */
  public void resumeReading() {
    reading = true;
    webSocket.request(1);
  }

  /**
   * Waits for the socket to end and returns its close, or empty when it ended with a transport
   * failure instead (a client still writing when the server closes may see a broken pipe first).
   */
  public Optional<Closed> awaitEnd() {
    try {
      return Optional.of(closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (TimeoutException e) {
      throw new AssertionError("the socket is still open after " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isOpen() {
    return !closed.isDone();
  }

  /** Closes the socket; fails when a frame the test did not read broke the AsyncAPI document. */
  public void close() {
    if (isOpen()) {
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    webSocket.abort();
    for (Received unread : frames) {
      if (unread.violation() != null) {
        throw new AssertionError("unread: " + unread.violation());
      }
    }
  }

  @Override
  public void onOpen(WebSocket socket) {
    // Before any frame arrives: the frames are checked against the selected version's channel.
    channel = Channel.ofSubprotocol(socket.getSubprotocol());
    socket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      String violation =
          AsyncApiContract.get().violation(channel, Direction.SERVER, text).orElse(null);
      frames.add(new Received(text, violation));
    }
    if (reading) {
      socket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
    pongs.incrementAndGet();
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    closed.completeExceptionally(error);
  }
}
