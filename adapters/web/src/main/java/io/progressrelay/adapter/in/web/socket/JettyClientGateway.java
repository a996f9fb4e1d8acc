package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.UserId;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One authenticated browser socket as the fan-out engine sees it: writes go straight to Jetty's
 * non-blocking core session, so the callback reports when the frame left (or failed). Thread-safe;
 * the engine keeps at most one write in flight.
 */
final class JettyClientGateway implements ClientGateway {
  private final String connectionId;
  private final UserId userId;
  private final CoreSession session;

  JettyClientGateway(String connectionId, UserId userId, CoreSession session) {
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

  @Override
  public void write(String frame, WriteCallback callback) {
    send(new Frame(OpCode.TEXT, frame), callback);
  }

  /** Sends the UTF-8 bytes every recipient of the event shares, without encoding them again. */
  @Override
  public void write(TextFrame frame, WriteCallback callback) {
    send(new Frame(OpCode.TEXT, ByteBuffer.wrap(frame.utf8())), callback);
  }

  private void send(Frame frame, WriteCallback callback) {
    try {
      session.sendFrame(
          frame, Callback.from(() -> callback.completed(null), callback::completed), false);
    } catch (RuntimeException e) {
      // The engine waits for the callback before the next write; it must hear of every outcome.
      callback.completed(e);
    }
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, CloseCodes.fitReason(reason), Callback.NOOP);
  }

  @Override
  public String toString() {
    return "socket " + connectionId + " of " + userId;
  }
}
