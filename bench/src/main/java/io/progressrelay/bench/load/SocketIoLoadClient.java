package io.progressrelay.bench.load;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * A client of the socket.io peer, which speaks socket.io's own framing: the token goes in the
 * handshake, uploads are joined with {@code emit('subscribe_upload', id)} and events arrive as
 * {@code message}. Each client has its own connection ({@code forceNew}), as browsers would.
 */
public final class SocketIoLoadClient implements LoadClient {
  private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
  private final SequenceCheck sequences = new SequenceCheck();
  private final Socket socket;
  private volatile Tally tally;
  private volatile boolean closedByServer;

  private SocketIoLoadClient(OkHttpClient http, URI uri, String token) {
    IO.Options options =
        IO.Options.builder()
            .setForceNew(true)
            .setReconnection(false)
            .setTransports(new String[] {"websocket"})
            .setAuth(Map.of("token", token))
            .build();
    options.callFactory = http;
    options.webSocketFactory = http;
    socket = IO.socket(uri, options);
    socket.on("auth_success", args -> authenticated.complete(null));
    socket.on(
        Socket.EVENT_CONNECT_ERROR,
        args -> authenticated.completeExceptionally(new IllegalStateException("refused")));
    socket.on(Socket.EVENT_DISCONNECT, args -> closedByServer = true);
    socket.on("message", args -> onMessage(String.valueOf(args[0])));
    socket.connect();
  }

  /** Connects with the token in the handshake. */
  public static CompletableFuture<LoadClient> open(OkHttpClient http, URI uri, String token) {
    return CompletableFuture.completedFuture(new SocketIoLoadClient(http, uri, token));
  }

  private void onMessage(String frame) {
    long[] stamp = Stamp.read(frame);
    Tally target = tally;
    if (stamp != null && target != null) {
      boolean inOrder = sequences.inOrder(stamp[0], stamp[1]);
      target.record(stamp[2], inOrder);
    }
  }

  @Override
  public CompletableFuture<Void> authenticated() {
    return authenticated;
  }

  @Override
  public void subscribe(String uploadId) {
    socket.emit("subscribe_upload", uploadId);
  }

  @Override
  public void countInto(Tally tally) {
    this.tally = tally;
  }

  @Override
  public void stall() {
    throw new UnsupportedOperationException("the socket.io client cannot stop reading");
  }

  @Override
  public boolean closedByServer() {
    return closedByServer;
  }

  @Override
  public void close() {
    socket.close();
  }
}
