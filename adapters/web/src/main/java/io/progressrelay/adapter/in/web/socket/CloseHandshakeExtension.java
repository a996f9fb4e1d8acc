package io.progressrelay.adapter.in.web.socket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Extension;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.IncomingFrames;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.OutgoingFrames;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the RFC 6455 close handshake for every close the relay starts: after its close frame
 * the connection stays open until the client's close frame answers it, reading and dropping
 * whatever the client sent before that, or until the grace period ends; then the connection closes.
 *
 * <p>Jetty drops the connection right after writing a close frame whose code it deems abnormal
 * (every code but 1000 and 3000-4999, so 1001, 1008, 1009 and 1012), without reading the client's
 * answer: a client still sending meets a reset, and clients like Node's WebSocket then report 1006
 * instead of the code. Jetty calls the extensions below the session, so this one sees the close
 * frame and holds back the write callback on which Jetty would drop the connection. For the other
 * codes Jetty waits for the answer itself, but as long as its idle timeout; the grace period bounds
 * that wait too.
 *
 * <p>An internal extension (its name starts with {@code @}): never offered to or named to the
 * client. Public only because Jetty creates it reflectively. Thread-safe: Jetty reads frames on one
 * thread while any thread may close.
 */
public final class CloseHandshakeExtension implements Extension {
  /** The name the endpoint registers the extension under. */
  static final String NAME = "@close-handshake";

  private static final Logger LOG = LoggerFactory.getLogger(CloseHandshakeExtension.class);
  private static final String GRACE_MILLIS = "grace-ms";

  // Set once by Jetty before the first frame.
  private ExtensionConfig config;
  private long graceMillis;
  private Executor executor;
  private CoreSession session;
  private IncomingFrames nextIncoming;
  private OutgoingFrames nextOutgoing;
  // Guarded by this.
  private boolean relayClosing;
  private boolean clientClosed;
  private boolean finished;
  private Callback heldCloseWrite;

  /** The extension's configuration: its name and how long a close waits for the client. */
  static ExtensionConfig config(long graceMillis) {
    return ExtensionConfig.parse(NAME + ";" + GRACE_MILLIS + "=" + graceMillis);
  }

  @Override
  public void init(ExtensionConfig config, WebSocketComponents components) {
    this.config = config;
    this.graceMillis = Long.parseLong(config.getParameter(GRACE_MILLIS, "2000"));
    this.executor = components.getExecutor();
  }

  @Override
  public void sendFrame(OutgoingEntry entry) {
    if (entry.getFrame().getOpCode() != OpCode.CLOSE || !startClosing()) {
      nextOutgoing.sendFrame(entry);
      return;
    }
    Callback written = entry.getCallback();
    nextOutgoing.sendFrame(
        new OutgoingEntry.Builder(entry)
            .callback(Callback.from(() -> closeWritten(written), written::failed))
            .build());
    // Not cancellable, but cheap: it finds the handshake finished and does nothing.
    CompletableFuture.delayedExecutor(graceMillis, TimeUnit.MILLISECONDS, executor)
        .execute(this::graceOver);
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    boolean isClose = frame.getOpCode() == OpCode.CLOSE;
    boolean closing;
    Callback release = null;
    synchronized (this) {
      closing = relayClosing;
      if (!closing) {
        clientClosed |= isClose;
      } else if (isClose && !clientClosed) {
        clientClosed = true;
        finished = true;
        release = heldCloseWrite;
        heldCloseWrite = null;
      }
    }
    if (!closing) {
      nextIncoming.onFrame(frame, callback);
    } else if (isClose && session.isInputOpen()) {
      nextIncoming.onFrame(frame, callback); // Jetty waits for this frame itself and closes on it
    } else {
      // Nobody reads past the relay's close frame; the next frame may be the client's answer.
      callback.succeeded();
      if (!isClose) {
        session.demand();
      }
    }
    if (release != null) {
      release.succeeded(); // Jetty drops the connection now, the handshake complete
    }
  }

  // Jetty closes its extensions once it has closed the connection, in whichever way. A write
  // callback still held then is dropped, not completed: completing it would close a second time.
  @Override
  public synchronized void close() {
    finished = true;
    heldCloseWrite = null;
  }

  private synchronized boolean startClosing() {
    if (relayClosing || clientClosed) {
      return false; // the relay's answer to the client's close: Jetty closes after it anyway
    }
    relayClosing = true;
    return true;
  }

  private void closeWritten(Callback written) {
    synchronized (this) {
      if (!finished) {
        heldCloseWrite = written;
        return;
      }
    }
    written.succeeded();
  }

  private void graceOver() {
    Callback release;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      release = heldCloseWrite;
      heldCloseWrite = null;
    }
    LOG.debug("a client did not answer the close frame within {} ms", graceMillis);
    if (release != null) {
      release.succeeded();
    }
    // Also when the close frame itself could not be written (a client that stopped reading).
    session.abort();
  }

  @Override
  public ExtensionConfig getConfig() {
    return config;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean isRsv1User() {
    return false;
  }

  @Override
  public boolean isRsv2User() {
    return false;
  }

  @Override
  public boolean isRsv3User() {
    return false;
  }

  @Override
  public void setNextIncomingFrames(IncomingFrames next) {
    this.nextIncoming = next;
  }

  @Override
  public void setNextOutgoingFrames(OutgoingFrames next) {
    this.nextOutgoing = next;
  }

  @Override
  public void setCoreSession(CoreSession coreSession) {
    this.session = coreSession;
  }
}
