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
 * One authenticated browser socket as the fan-out engine sees it, on Jetty's non-blocking core
 * session. A batch of several frames is handed to Jetty marked for batching and then flushed, so
 * frames waiting together leave together: Jetty copies those under a quarter of its output buffer
 * (8 KiB of the endpoint's 32 KiB) into one pooled buffer and writes it when full or flushed, with
 * a larger frame's header and payload gathered behind it; the flush's callback reports when the
 * last of them left (or failed). Picks the close code for the engine's reasons to disconnect.
 * Thread-safe; the engine keeps at most one batch in flight.
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
      boolean gather = frames.size() > 1;
      for (int i = 0; i < frames.size(); i++) {
        // Each frame's own outcome is the flush's: a failure fails every entry queued after it.
        session.sendFrame(
            new Frame(OpCode.TEXT, ByteBuffer.wrap(frames.get(i).utf8())), Callback.NOOP, gather);
      }
      session.flush(Callback.from(() -> callback.completed(null), callback::completed));
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
