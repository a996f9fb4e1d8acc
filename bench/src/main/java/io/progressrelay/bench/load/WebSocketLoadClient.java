package io.progressrelay.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * A client of the vuemantics protocol over a plain WebSocket (Jetty's core client): first-message
 * authentication, {@code subscribe_upload}, and reading frames one at a time so that a stall really
 * stops reading from the socket. Stamped frames are read straight from the frame's bytes.
 */
public final class WebSocketLoadClient implements LoadClient, FrameHandler {
  private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
  private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
  private final SequenceCheck sequences = new SequenceCheck();
  private final FrameJoiner fragments = new FrameJoiner();
  private volatile CoreSession session;
  private volatile Tally tally;
  private volatile boolean stalled;
  private volatile boolean closedLocally;
  private volatile boolean closedByServer;
  private volatile String lastError;
  private volatile int closeCode = -1;
  private boolean demanding; // guarded by this: Jetty refuses a second demand before a frame

  private WebSocketLoadClient() {}

  /** Connects and sends the authentication frame; {@link #authenticated()} tells when it passed. */
  public static CompletableFuture<LoadClient> open(
      WebSocketCoreClient client, URI uri, String token) {
    var loadClient = new WebSocketLoadClient();
    var request = CoreClientUpgradeRequest.from(client, uri, loadClient);
    request.timeout(20, TimeUnit.SECONDS);
    var configuration = new Configuration.ConfigurationCustomizer();
    configuration.setIdleTimeout(Duration.ZERO); // idle and stalled sockets stay open
    request.setConfiguration(configuration);
    try {
      return client
          .connect(request)
          .thenCompose(
              session -> loadClient.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}"))
          .thenApply(sent -> loadClient);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> authenticated() {
    return authenticated;
  }

  @Override
  public void subscribe(String uploadId) {
    send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + uploadId + "\"}").join();
  }

  // Jetty queues frames sent concurrently; nothing here waits for a send to finish.
  private CompletableFuture<Void> send(String text) {
    var sent = new CompletableFuture<Void>();
    session.sendFrame(
        new Frame(OpCode.TEXT, text),
        Callback.from(() -> sent.complete(null), sent::completeExceptionally),
        false);
    return sent;
  }

  @Override
  public void countInto(Tally tally) {
    this.tally = tally;
  }

  @Override
  public void stall() {
    stalled = true;
  }

  @Override
  public void resume() {
    stalled = false;
    demandUnlessStalled();
  }

  @Override
  public int localPort() {
    CoreSession open = session;
    return open != null && open.getLocalAddress() instanceof InetSocketAddress address
        ? address.getPort()
        : -1;
  }

  private synchronized void demandUnlessStalled() {
    if (!stalled && !demanding) {
      demanding = true;
      session.demand();
    }
  }

  @Override
  public boolean closedByServer() {
    return closedByServer;
  }

  @Override
  public CompletableFuture<Void> subscriptionConfirmed() {
    return confirmed;
  }

  @Override
  public int closeCode() {
    return closeCode;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public void onOpen(CoreSession openedSession, Callback callback) {
    session = openedSession;
    callback.succeeded();
    demandUnlessStalled();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    synchronized (this) {
      demanding = false;
    }
    switch (frame.getOpCode()) {
      case OpCode.TEXT, OpCode.CONTINUATION -> {
        ByteBuffer message = fragments.accept(frame);
        if (message != null) {
          onMessage(message);
        }
      }
      case OpCode.PING -> {
        ByteBuffer payload = frame.getPayload();
        ByteBuffer copy = ByteBuffer.allocate(payload == null ? 0 : payload.remaining());
        if (payload != null) {
          copy.put(payload.duplicate()).flip();
        }
        session.sendFrame(new Frame(OpCode.PONG, copy), Callback.NOOP, false);
      }
      default -> {
        // Jetty answers the close handshake once the callback succeeds; pongs and binary are
        // ignored
      }
    }
    callback.succeeded();
    if (frame.getOpCode() != OpCode.CLOSE) {
      demandUnlessStalled();
    }
  }

  // Called before the frame's callback: the payload is only valid until then.
  private void onMessage(ByteBuffer message) {
    long[] stamp = Stamp.read(message);
    if (stamp == null) {
      onControlMessage(StandardCharsets.UTF_8.decode(message.duplicate()).toString());
      return;
    }
    Tally target = tally;
    if (target != null) {
      boolean inOrder = sequences.inOrder(stamp[0], stamp[1]);
      target.record(stamp[2], inOrder);
    }
  }

  private void onControlMessage(String frame) {
    if (!authenticated.isDone() && frame.contains("\"auth_success\"")) {
      authenticated.complete(null);
    } else if (frame.contains("\"action\":\"subscribed\"")) {
      confirmed.complete(null);
    } else if (frame.contains("\"action\":\"error\"")) {
      lastError = frame;
    } else if (frame.contains("\"action\":\"ping\"")) {
      send("{\"action\":\"pong\"}");
    }
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    ended(cause);
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    closeCode = closeStatus.getCode();
    ended(new IllegalStateException("closed " + closeStatus));
    callback.succeeded();
  }

  private void ended(Throwable cause) {
    if (!closedLocally) {
      closedByServer = true;
    }
    authenticated.completeExceptionally(cause);
  }

  @Override
  public void close() {
    closedLocally = true;
    CoreSession open = session;
    if (open != null) {
      open.abort();
    }
  }
}
