package io.progressrelay.adapter.out.web.sse;

import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.UserId;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Server-Sent Events stream as the fan-out engine writes to it: the body of a Jetty response
 * held open, written with Jetty's non-blocking {@link Response#write}. The engine formats each
 * frame as an SSE message itself; this socket writes the frames' shared bytes as they are, a batch
 * in one write. Ending the stream completes the response: cleanly (the final chunk, after the write
 * in flight) or, when the client is gone or too slow to take the write in flight, by aborting it.
 * Thread-safe; the engine keeps at most one write in flight, and no write starts once the stream
 * ends.
 */
public final class SseClientSocket implements ClientSocket {
  private final String connectionId;
  private final UserId userId;
  private final Response response;
  private final Callback exchange;
  private final Runnable onEnded;
  private boolean writing;
  private boolean ending;
  private boolean ended;

  /**
   * @param response the response whose body is the stream; its status and headers already set
   * @param exchange the callback of the request the stream answers: completing it ends the stream
   * @param onEnded run once when the stream has ended, however it ended
   */
  public SseClientSocket(
      String connectionId, UserId userId, Response response, Callback exchange, Runnable onEnded) {
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.response = Objects.requireNonNull(response, "response");
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.onEnded = Objects.requireNonNull(onEnded, "onEnded");
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public UserId userId() {
    return userId;
  }

  /** Writes the batch's frames, already SSE messages, as one chunk of the response body. */
  @Override
  public void write(FrameBatch frames, WriteCallback callback) {
    ByteBuffer bytes;
    synchronized (this) {
      if (ending || ended) {
        bytes = null;
      } else {
        // Gathered before the call returns: the engine reuses the batch afterwards.
        bytes = gather(frames);
        writing = true;
      }
    }
    if (bytes == null) {
      callback.completed(new EofException("the event stream has ended"));
      return;
    }
    try {
      response.write(
          false,
          bytes,
          Callback.from(() -> written(callback, null), failure -> written(callback, failure)));
    } catch (RuntimeException e) {
      written(callback, e);
    }
  }

  /**
   * A slow consumer's stream ends at once: with a write still in flight the client is not reading,
   * and waiting for it would hold the stream open for as long as the client stalls.
   */
  @Override
  public void disconnect(DisconnectReason reason) {
    boolean abort;
    synchronized (this) {
      abort = writing;
    }
    if (abort) {
      abort(new CancellationException("slow consumer"));
    } else {
      end();
    }
  }

  /** Ends the stream cleanly, after the write in flight if there is one. Idempotent. */
  public void end() {
    synchronized (this) {
      if (ending || ended) {
        return;
      }
      ending = true;
      if (writing) {
        return; // the write's completion finishes the stream
      }
    }
    finish(null);
  }

  /** Ends the stream at once without completing its body: the client is gone or must be dropped. */
  public void abort(Throwable cause) {
    synchronized (this) {
      ending = true;
    }
    finish(cause);
  }

  /** Whether the stream has ended, cleanly or not. */
  public synchronized boolean hasEnded() {
    return ended;
  }

  private void written(WriteCallback callback, Throwable failure) {
    boolean finishNow;
    synchronized (this) {
      writing = false;
      finishNow = ending && !ended;
    }
    // The engine hears of every outcome, even when the stream ends behind it.
    callback.completed(failure);
    if (failure != null) {
      finish(failure);
    } else if (finishNow) {
      finish(null);
    }
  }

  // Completes the exchange once: succeeding it writes the final chunk, failing it aborts the
  // connection (and fails a write still pending).
  private void finish(Throwable failure) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    try {
      if (failure == null) {
        exchange.succeeded();
      } else {
        exchange.failed(failure);
      }
    } finally {
      onEnded.run();
    }
  }

  private static ByteBuffer gather(FrameBatch frames) {
    int count = frames.size();
    if (count == 1) {
      return ByteBuffer.wrap(frames.get(0).utf8()); // the shared bytes, never modified
    }
    int total = 0;
    for (int i = 0; i < count; i++) {
      total += frames.get(i).utf8().length;
    }
    ByteBuffer gathered = ByteBuffer.allocate(total);
    for (int i = 0; i < count; i++) {
      gathered.put(frames.get(i).utf8());
    }
    return gathered.flip();
  }

  @Override
  public String toString() {
    return "event stream " + connectionId + " of " + userId;
  }
}
