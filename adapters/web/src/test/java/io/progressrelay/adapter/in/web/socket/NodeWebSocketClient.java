package io.progressrelay.adapter.in.web.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node's built-in WHATWG {@code WebSocket} (undici, the client a browser page's code meets in Node)
 * run as a separate process through {@code src/test/resources/node/socket-client.mjs}. Unlike the
 * JDK's client it reports a close as unclean (1006, or {@code wasClean=false}) when the relay drops
 * the connection without finishing the close handshake. Fails loudly, never skips, when {@code
 * node} is missing. It speaks v1 (it offers no subprotocol): the messages it sends must be v1
 * client frames of the AsyncAPI document (unless sent with {@link #runUnchecked}), and those it
 * receives v1 server frames.
 */
final class NodeWebSocketClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 30;
  private static final String INSTALL_HINT =
      "these tests run Node's built-in WebSocket client and need `node` (version 20 or newer) on"
          + " the PATH; install Node.js, e.g. `apt-get install nodejs` or from https://nodejs.org";

  /** What the client saw, in order: the text messages, then how the socket closed. */
  record Session(List<String> messages, JsonNode close, String output) {
    int closeCode() {
      return close.path("code").asInt();
    }

    String closeReason() {
      return close.path("reason").asText();
    }

    boolean wasClean() {
      return close.path("wasClean").asBoolean();
    }
  }

  private final List<String> command;
  private final Path output;
  private final Process process;

  private NodeWebSocketClient(List<String> command, Path output, Process process) {
    this.command = command;
    this.output = output;
    this.process = process;
  }

  /** Opens {@code uri}, sends each of {@code messages} once open, and waits for the close. */
  static Session run(URI uri, String... messages) {
    return start(uri, messages).awaitClose();
  }

  /** As {@link #run}, for messages the contract forbids on purpose (bad input tests). */
  static Session runUnchecked(URI uri, String... messages) {
    return startUnchecked(uri, messages).awaitClose();
  }

  /** Starts the client, which opens {@code uri} and sends {@code messages}; see {@link #run}. */
  static NodeWebSocketClient start(URI uri, String... messages) {
    for (String message : messages) {
      AsyncApiContract.get().checkClientFrame(Channel.SOCKET_V1, message);
    }
    return startUnchecked(uri, messages);
  }

  /** As {@link #start}, for messages the contract forbids on purpose. */
  static NodeWebSocketClient startUnchecked(URI uri, String... messages) {
    List<String> command = new ArrayList<>();
    command.add("node");
    if (nodeMajorVersion() < 22) {
      command.add("--experimental-websocket"); // Node 20 and 21 keep the global behind a flag
    }
    command.add(script().toString());
    command.add(uri.toString());
    command.addAll(List.of(messages));
    Path output = temporaryFile();
    return new NodeWebSocketClient(command, output, launch(command, output));
  }

  /** Waits for the client to see the socket close; fails when it exits without a close. */
  Session awaitClose() {
    String printed = awaitExit();
    List<String> received = new ArrayList<>();
    // Lines that are not JSON are Node's own warnings (e.g. that WebSocket is experimental).
    for (String line : printed.lines().filter(line -> line.startsWith("{")).toList()) {
      JsonNode event = parse(line, printed);
      switch (event.path("event").asText()) {
        case "message" -> {
          String data = event.path("data").asText();
          AsyncApiContract.get()
              .violation(Channel.SOCKET_V1, Direction.SERVER, data)
              .ifPresent(
                  violation -> {
                    throw new AssertionError(violation);
                  });
          received.add(data);
        }
        case "close" -> {
          return new Session(List.copyOf(received), event, printed);
        }
        default -> {
          // open and error events only explain a failure; the close tells the outcome
        }
      }
    }
    throw new AssertionError("the Node client saw no close event; it printed:\n" + printed);
  }

  private String awaitExit() {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " ran longer than 30 s");
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      Files.delete(output);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + printed);
      }
      return printed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int nodeMajorVersion() {
    List<String> command = List.of("node", "--version");
    Path output = temporaryFile();
    String version =
        new NodeWebSocketClient(command, output, launch(command, output)).awaitExit().strip();
    int major = Integer.parseInt(version.substring(1, version.indexOf('.'))); // e.g. v20.20.2
    if (major < 20) {
      throw new IllegalStateException(INSTALL_HINT + "; found " + version);
    }
    return major;
  }

  // Output goes to a file rather than a pipe, so the timeout holds however much the client prints.
  private static Process launch(List<String> command, Path output) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
    }
  }

  private static Path temporaryFile() {
    try {
      Path file = Files.createTempFile("node-websocket-client-", ".log");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line, String printed) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the Node client printed a line that is not JSON:\n" + printed, e);
    }
  }

  private static Path script() {
    try {
      return Path.of(NodeWebSocketClient.class.getResource("/node/socket-client.mjs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
