package io.progressrelay.adapter.out.web.socket;

import io.progressrelay.adapter.in.web.socket.CloseCodes;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.UserId;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One authenticated browser socket as the fan-out engine writes to it, on Jetty's non-blocking core
 * session. The frames of a batch but the last are handed to Jetty marked for batching and the last
 * unbatched, so frames waiting together leave together: Jetty copies those under a quarter of its
 * output buffer (8 KiB of the endpoint's 32 KiB) into one pooled buffer and writes it when full or
 * at the last frame, with a larger frame's header and payload gathered behind it; the last frame's
 * callback reports when all of them left (or failed). Picks the close code for the engine's reasons
 * to disconnect. Thread-safe; the engine keeps at most one batch in flight.
 */
public final class JettyClientSocket implements ClientSocket {
  private final String connectionId;
  private final UserId userId;
  private final CoreSession session;

  public JettyClientSocket(String connectionId, UserId userId, CoreSession session) {
    this.connectionId = connectionId;
    this.userId = userId;
    this.session = session;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public UserId userId() {
    return userId;
  }

  /** Sends the UTF-8 bytes every recipient of an event shares, without encoding them again. */
  @Override
  public void write(FrameBatch frames, WriteCallback callback) {
    try {
      // A lone frame is written from its shared bytes as it is; only frames that waited together
      // are copied into Jetty's aggregate buffer, to leave in one system call.
      int last = frames.size() - 1;
      for (int i = 0; i < last; i++) {
        // Each frame's own outcome is the last one's: a failure fails every entry queued after it.
        session.sendFrame(
            new Frame(OpCode.TEXT, ByteBuffer.wrap(frames.get(i).utf8())), Callback.NOOP, true);
      }
      // The last frame is sent unbatched, which flushes the aggregate before it, and carries the
      // callback itself: a separate flush entry queued after it could fail on a close the client
      // sent after reading every frame, and report frames it received as failed.
      session.sendFrame(
          new Frame(OpCode.TEXT, ByteBuffer.wrap(frames.get(last).utf8())),
          Callback.from(() -> callback.completed(null), callback::completed),
          false);
    } catch (RuntimeException e) {
      // The engine waits for the callback before the next write; it must hear of every outcome.
      callback.completed(e);
    }
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    int code =
        switch (reason) {
          case SLOW_CONSUMER -> CloseCodes.SLOW_CONSUMER;
        };
    session.close(code, CloseCodes.reasonFor(reason), Callback.NOOP);
  }

  @Override
  public String toString() {
    return "socket " + connectionId + " of " + userId;
  }
}
