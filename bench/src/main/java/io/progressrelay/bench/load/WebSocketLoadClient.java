package io.progressrelay.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A client of the vuemantics protocol over a plain WebSocket ({@code java.net.http}): first-message
 * authentication, {@code subscribe_upload}, and reading frames one at a time so that a stall really
 * stops reading from the socket.
 */
public final class WebSocketLoadClient implements LoadClient, WebSocket.Listener {
  private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
  private final SequenceCheck sequences = new SequenceCheck();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private volatile Tally tally;
  private volatile boolean stalled;
  private volatile boolean closedByServer;
  private volatile String lastError;
  private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  private WebSocketLoadClient() {}

  /** Connects and sends the authentication frame; {@link #authenticated()} tells when it passed. */
  public static CompletableFuture<LoadClient> open(HttpClient http, URI uri, String token) {
    var client = new WebSocketLoadClient();
    return http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(uri, client)
        .thenCompose(
            socket -> {
              client.socket = socket;
              return client.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            })
        .thenApply(socket -> client);
  }

  @Override
  public CompletableFuture<Void> authenticated() {
    return authenticated;
  }

  @Override
  public void subscribe(String uploadId) {
    send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + uploadId + "\"}").join();
  }

  // java.net.http allows one outstanding send at a time: each send starts when the last is done.
  // Nothing waits for it here, so answering a ping never stalls the thread that reads frames.
  private synchronized CompletableFuture<?> send(String text) {
    WebSocket open = socket;
    sending = sending.handle((done, failure) -> null).thenCompose(x -> open.sendText(text, true));
    return sending;
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
  public boolean closedByServer() {
    return closedByServer;
  }

  @Override
  public CompletableFuture<Void> subscriptionConfirmed() {
    return confirmed;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    if (last && partial.length() == 0) {
      onFrame(data.toString());
    } else {
      partial.append(data);
      if (last) {
        onFrame(partial.toString());
        partial.setLength(0);
      }
    }
    if (!stalled) {
      webSocket.request(1);
    }
    return null;
  }

  private void onFrame(String frame) {
    long[] stamp = Stamp.read(frame);
    if (stamp == null) {
      if (!authenticated.isDone() && frame.contains("\"auth_success\"")) {
        authenticated.complete(null);
      } else if (frame.contains("\"action\":\"subscribed\"")) {
        confirmed.complete(null);
      } else if (frame.contains("\"action\":\"error\"")) {
        lastError = frame;
      } else if (frame.contains("\"action\":\"ping\"") && socket != null) {
        send("{\"action\":\"pong\"}");
      }
      return;
    }
    Tally target = tally;
    if (target != null) {
      boolean inOrder = sequences.inOrder(stamp[0], stamp[1]);
      target.record(stamp[2], inOrder);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closedByServer = true;
    authenticated.completeExceptionally(
        new IllegalStateException("closed " + statusCode + " " + reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closedByServer = true;
    authenticated.completeExceptionally(error);
  }

  @Override
  public void close() {
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
  }
}
