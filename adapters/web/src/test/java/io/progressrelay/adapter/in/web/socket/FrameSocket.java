package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * A real WebSocket client (Jetty's core client) that sends frames exactly as given, fragments and
 * empty frames included, which browsers and the JDK's client never produce on their own. It answers
 * the server's close frame as RFC 6455 asks. Collects the server's text frames and close. It speaks
 * v1 (it offers no subprotocol): a text message it completes with {@link #sendText} and {@link
 * #sendContinuation} must be a v1 client frame of the AsyncAPI document, and every text frame it
 * reads a v1 server frame; {@link #send} sends raw frames, unchecked.
 */
final class FrameSocket implements FrameHandler, AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final boolean answersClose;
  private final HttpClient http = new HttpClient();
  private final WebSocketCoreClient client = new WebSocketCoreClient(http, null);
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private volatile CoreSession session;
  // The text of the message whose last fragment is still to come.
  private final StringBuilder openMessage = new StringBuilder();

  private FrameSocket(boolean answersClose) {
    this.answersClose = answersClose;
  }

  static FrameSocket open(URI uri) {
    return open(uri, true, List.of());
  }

  /** A client that reads the server's close frame but never answers it, nor reads any further. */
  static FrameSocket openNeverAnsweringClose(URI uri) {
    return open(uri, false, List.of());
  }

  /** A client that offers {@code extensions} (e.g. {@code permessage-deflate}) at the upgrade. */
  static FrameSocket openOffering(URI uri, String... extensions) {
    return open(uri, true, List.of(extensions));
  }

  private static FrameSocket open(URI uri, boolean answersClose, List<String> extensions) {
    var socket = new FrameSocket(answersClose);
    try {
      socket.client.start();
      var upgrade = CoreClientUpgradeRequest.from(socket.client, uri, socket);
      upgrade.addExtensions(extensions.toArray(String[]::new));
      socket.client.connect(upgrade).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.close();
      throw new IllegalStateException("could not open a socket to " + uri, e);
    }
    return socket;
  }

  /** Sends one frame and waits until it is written; false once the server has closed. */
  boolean send(byte opCode, boolean fin, byte[] payload) {
    var written = new CompletableFuture<Void>();
    try {
      session.sendFrame(
          new Frame(opCode, fin, ByteBuffer.wrap(payload)),
          Callback.from(() -> written.complete(null), written::completeExceptionally),
          false);
      written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (closed.isDone() || !session.isOutputOpen()) {
        return false; // the server closed while this frame was on its way
      }
      throw new AssertionError("a frame could not be sent", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a frame was not written within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean sendText(String text, boolean fin) {
    openMessage.setLength(0);
    return send(OpCode.TEXT, fin, checkedFragment(text, fin));
  }

  boolean sendContinuation(String text, boolean fin) {
    return send(OpCode.CONTINUATION, fin, checkedFragment(text, fin));
  }

  // The fragment's bytes; the last fragment of a message first checks the whole message.
  private byte[] checkedFragment(String text, boolean fin) {
    openMessage.append(text);
    if (fin) {
      String message = openMessage.toString();
      openMessage.setLength(0);
      AsyncApiContract.get().checkClientFrame(Channel.SOCKET_V1, message);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code count} frames without any payload: the first of a text message that never ends,
   * then continuations; stops early, returning how many went out, once the server has closed.
   */
  int sendEmptyFragments(int count) {
    for (int sent = 0; sent < count; sent++) {
      byte opCode = sent == 0 ? OpCode.TEXT : OpCode.CONTINUATION;
      if (!send(opCode, false, new byte[0])) {
        return sent;
      }
    }
    return count;
  }

  /** The names of the extensions the server agreed to. */
  List<String> negotiatedExtensions() {
    return session.getNegotiatedExtensions().stream().map(ExtensionConfig::getName).toList();
  }

  /**
   * The next text frame from the server; fails when none arrives within five seconds, or when it is
   * not a v1 server frame of the AsyncAPI document.
   */
  String nextText() {
    try {
      String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("no text frame within " + WAIT + "; closed: " + closed);
      }
      AsyncApiContract.get()
          .violation(Channel.SOCKET_V1, Direction.SERVER, text)
          .ifPresent(
              violation -> {
                throw new AssertionError(violation);
              });
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The close the server sent; fails when the socket is still open after five seconds. */
  CloseStatus awaitClose() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the socket is still open after " + WAIT, e);
    } catch (ExecutionException e) {
      throw new AssertionError("the socket failed instead of closing", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void onOpen(CoreSession openedSession, Callback callback) {
    session = openedSession;
    callback.succeeded();
    openedSession.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    byte opCode = frame.getOpCode();
    if (opCode == OpCode.CLOSE) {
      closed.complete(CloseStatus.getCloseStatus(frame));
      if (!answersClose) {
        return; // Jetty sends the client's answer only once the callback completes
      }
    } else if (opCode == OpCode.TEXT) {
      texts.add(frame.getPayloadAsUTF8()); // the relay sends every message in one frame
    }
    callback.succeeded(); // for a close frame, Jetty then sends the client's answer
    if (opCode != OpCode.CLOSE) {
      session.demand();
    }
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    closed.completeExceptionally(cause);
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    closed.complete(closeStatus);
    callback.succeeded();
  }

  @Override
  public void close() {
    CoreSession open = session;
    if (open != null) {
      open.abort();
    }
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the WebSocket client did not stop", e);
    }
  }
}
