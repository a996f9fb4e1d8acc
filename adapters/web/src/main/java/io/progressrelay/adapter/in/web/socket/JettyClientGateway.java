package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.port.out.TextFrame;
import io.progressrelay.domain.UserId;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One authenticated browser socket as the fan-out engine sees it: writes go straight to Jetty's
 * non-blocking {@code sendText}, so the callback reports when the frame left (or failed).
 * Thread-safe; the engine keeps at most one write in flight.
 */
final class JettyClientGateway implements ClientGateway {
  private final String connectionId;
  private final UserId userId;
  private final Session session;

  JettyClientGateway(String connectionId, UserId userId, Session session) {
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
    try {
      session.sendText(frame, Callback.from(() -> callback.completed(null), callback::completed));
    } catch (RuntimeException e) {
      // The engine waits for the callback before the next write; it must hear of every outcome.
      callback.completed(e);
    }
  }

  /**
   * Sends the shared UTF-8 bytes as a text frame through Jetty's core session: Jetty's {@code
   * sendText} would encode the same payload again for every recipient.
   */
  @Override
  public void write(TextFrame frame, WriteCallback callback) {
    if (!(session instanceof WebSocketSession jetty)) {
      write(frame.text(), callback);
      return;
    }
    try {
      jetty
          .getCoreSession()
          .sendFrame(
              new Frame(OpCode.TEXT, ByteBuffer.wrap(frame.utf8())),
              org.eclipse.jetty.util.Callback.from(
                  () -> callback.completed(null), callback::completed),
              false);
    } catch (RuntimeException e) {
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
