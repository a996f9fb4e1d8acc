package io.progressrelay.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;

/**
 * A browser reading the relay's Server-Sent Events stream ({@code GET /api/events?token=}) with
 * Jetty's HTTP client: no thread per stream, the body read chunk by chunk on demand, so that a
 * stall really stops reading from the socket. Each message's data is a progress-relay.v3 frame;
 * stamped events are read straight from the bytes, and the latest state replayed after a
 * subscription ({@code "latest":true}) is not counted. A stream cannot subscribe: {@link
 * #subscribe} asks the REST API ({@code POST /api/uploads/{id}/subscription}), asynchronously.
 */
public final class SseLoadClient implements LoadClient, Response.ContentSourceListener {
  private static final byte[] LATEST = "\"latest\":true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = ",\"data\":".getBytes(StandardCharsets.US_ASCII);

  private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
  private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
  private final SequenceCheck sequences = new SequenceCheck();
  private final SseParser parser = new SseParser(this::onMessage);
  private final HttpClient rest;
  private final String base;
  private final String token;
  private final Request request;
  private volatile Tally tally;
  private volatile boolean stalled;
  private volatile boolean closedLocally;
  private volatile boolean closedByServer;
  private volatile String lastError;
  private volatile int status;
  private volatile long replays; // written by the one reader
  private Content.Source source; // set once, before the first read
  private boolean parked; // guarded by this: reading stopped for a stall, no demand pending

  private SseLoadClient(HttpClient streams, HttpClient rest, URI events, String token) {
    this.rest = rest;
    this.base = events.getScheme() + "://" + events.getAuthority();
    this.token = token;
    this.request =
        streams
            .newRequest(URI.create(events + "?token=" + token))
            .method(HttpMethod.GET)
            .headers(headers -> headers.put(HttpHeader.ACCEPT, "text/event-stream"))
            .idleTimeout(0, TimeUnit.MILLISECONDS) // idle and stalled streams stay open
            .onResponseHeaders(response -> status = response.getStatus())
            .onResponseContentSource(this);
  }

  /**
   * Opens the stream at {@code events} (the relay's {@code /api/events}) on {@code streams};
   * subscriptions go over {@code rest}. {@link #authenticated()} tells when {@code auth_success}
   * arrived.
   */
  public static CompletableFuture<LoadClient> open(
      HttpClient streams, HttpClient rest, URI events, String token) {
    var client = new SseLoadClient(streams, rest, events, token);
    client.request.send(client::onComplete);
    return CompletableFuture.completedFuture(client);
  }

  @Override
  public CompletableFuture<Void> authenticated() {
    return authenticated;
  }

  @Override
  public void subscribe(String uploadId) {
    rest.newRequest(URI.create(base + "/api/uploads/" + uploadId + "/subscription"))
        .method(HttpMethod.POST)
        .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
        .timeout(120, TimeUnit.SECONDS)
        .send(
            new BufferingResponseListener() {
              @Override
              public void onComplete(Result result) {
                int code = result.getResponse().getStatus();
                if (!result.isFailed() && (code == 200 || code == 201)) {
                  confirmed.complete(null);
                } else {
                  lastError =
                      result.isFailed()
                          ? "subscription failed: " + result.getFailure()
                          : "subscription answered " + code + ": " + getContentAsString();
                }
              }
            });
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
    boolean restart;
    synchronized (this) {
      restart = parked;
      parked = false;
    }
    if (restart) {
      read();
    }
  }

  @Override
  public int localPort() {
    var connection = request.getConnection();
    return connection != null
            && connection.getLocalSocketAddress() instanceof InetSocketAddress address
        ? address.getPort()
        : -1;
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
  public void onContentSource(Response response, Content.Source content) {
    source = content;
    read();
  }

  // One reader at a time: started once by the response, then by each demand it asks for, or by
  // resume() after it parked.
  private void read() {
    while (true) {
      if (stalled) {
        synchronized (this) {
          if (stalled) {
            parked = true;
            return;
          }
        }
      }
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this::read);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        return; // the exchange fails and onComplete says so
      }
      try {
        ByteBuffer bytes = chunk.getByteBuffer();
        if (status == 200) {
          parser.accept(bytes);
        } else {
          lastError = "HTTP " + status + ": " + StandardCharsets.UTF_8.decode(bytes.duplicate());
        }
      } finally {
        chunk.release();
      }
      if (chunk.isLast()) {
        return;
      }
    }
  }

  // Called before the chunk is released: the data is only valid until then.
  private void onMessage(ByteBuffer message) {
    long[] stamp = Stamp.read(message);
    if (stamp == null) {
      onControlMessage(StandardCharsets.UTF_8.decode(message.duplicate()).toString());
      return;
    }
    if (replayed(message)) {
      replays++;
      return;
    }
    Tally target = tally;
    if (target != null) {
      boolean inOrder = sequences.inOrder(stamp[0], stamp[1]);
      target.record(stamp[2], inOrder);
    }
  }

  /** Stamped events received as the latest state replayed, and so not counted. */
  long replays() {
    return replays;
  }

  private void onControlMessage(String frame) {
    if (!authenticated.isDone() && frame.contains("\"auth_success\"")) {
      authenticated.complete(null);
    } else if (frame.contains("\"action\":\"error\"")) {
      lastError = frame;
    }
  }

  /** Whether an event frame is the latest state replayed: {@code "latest":true} before its data. */
  static boolean replayed(ByteBuffer frame) {
    int data = indexOf(frame, DATA, frame.position(), frame.limit());
    return data >= 0 && indexOf(frame, LATEST, frame.position(), data) >= 0;
  }

  private static int indexOf(ByteBuffer frame, byte[] what, int from, int to) {
    for (int i = from; i <= to - what.length; i++) {
      int j = 0;
      while (j < what.length && frame.get(i + j) == what[j]) {
        j++;
      }
      if (j == what.length) {
        return i;
      }
    }
    return -1;
  }

  private void onComplete(Result result) {
    if (!closedLocally) {
      closedByServer = true;
    }
    Throwable cause =
        result.isFailed()
            ? result.getFailure()
            : new IllegalStateException(
                status == 200 ? "the stream ended" : "refused with HTTP " + status);
    if (status != 200 && status != 0 && lastError == null) {
      lastError = "HTTP " + status;
    }
    authenticated.completeExceptionally(cause);
  }

  @Override
  public void close() {
    closedLocally = true;
    request.abort(new CancellationException("closed by the client"));
  }
}
