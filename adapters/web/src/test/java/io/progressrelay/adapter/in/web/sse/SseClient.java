package io.progressrelay.adapter.in.web.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import io.progressrelay.adapter.in.web.support.OpenApiContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A standard Server-Sent Events client over the JDK's HttpClient: reads the body line by line, as
 * EventSource does, and collects each message ({@code id:}, {@code data:} lines up to a blank
 * line). Refused requests keep their status and JSON body. Every answer is checked against the
 * OpenAPI document, and every message's data against the AsyncAPI document's event stream frames
 * (when the test reads it, or at the close for those it did not read).
 */
public final class SseClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message: its id (empty when it had no {@code id:} line) and its data. */
  public record Message(Optional<String> id, String data) {
    public JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + data, e);
      }
    }

    public String action() {
      return json().path("action").asText();
    }
  }

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final String body;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      this.body = null;
      check(response, null);
      Thread reader = new Thread(this::read, "sse-client");
      reader.setDaemon(true);
      reader.start();
    } else {
      try (InputStream in = response.body()) {
        this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ended.countDown();
      check(response, body);
    }
  }

  // Every answer, the stream's and the refusals', must be one the OpenAPI document describes.
  private static void check(HttpResponse<?> response, String body) {
    OpenApiContract.get()
        .check(
            response.request().method(),
            response.request().uri().getRawPath(),
            response.statusCode(),
            response.headers(),
            body);
  }

  /** Sends {@code GET uri} with {@code headers} (plus {@code Accept: text/event-stream}). */
  public static SseClient open(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(WAIT);
    request.header("Accept", "text/event-stream");
    headers.forEach(request::setHeader);
    return send(request);
  }

  /** Sends {@code request} exactly as built. */
  public static SseClient send(HttpRequest.Builder request) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
      return new SseClient(client.send(request.build(), BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public HttpHeaders headers() {
    return response.headers();
  }

  /** The body of a refused request (null for a stream). */
  public String body() {
    return body;
  }

  public JsonNode error() {
    try {
      return JSON.readTree(body).path("error");
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /**
   * The next message, waiting for it; fails when none comes, the stream ended, or its data is not
   * an event stream frame of the AsyncAPI document.
   */
  public Message next() {
    try {
      Message message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError(
            hasEnded() ? "the stream ended" : "no message within " + WAIT.toSeconds() + " s");
      }
      check(message);
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message whose action is not {@code ping}. */
  public Message nextIgnoringPings() {
    Message message = next();
    while (message.action().equals("ping")) {
      message = next();
    }
    return message;
  }

  /** Messages until (and with) the first whose action is {@code action}. */
  public List<Message> until(String action) {
    List<Message> seen = new ArrayList<>();
    Message message;
    do {
      message = next();
      seen.add(message);
    } while (!message.action().equals(action));
    return seen;
  }

  /** Whether the server ended the body (or the connection). */
  public boolean hasEnded() {
    return ended.getCount() == 0;
  }

  /** Waits for the server to end the stream; fails when it does not within the wait. */
  public void awaitEnd() {
    try {
      if (!ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the stream did not end within " + WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (var lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            messages.add(new Message(Optional.ofNullable(id), data.toString()));
          }
          id = null;
          data = null;
        } else if (line.startsWith("id:")) {
          id = value(line, 3);
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(value(line, 5));
        }
        // Comments (":") and other fields are not messages.
      }
    } catch (IOException e) {
      // The connection ended; the test sees it through hasEnded().
    } finally {
      ended.countDown();
    }
  }

  // "field: value": one space after the colon belongs to the syntax, not the value.
  private static String value(String line, int colon) {
    String rest = line.substring(colon);
    return rest.startsWith(" ") ? rest.substring(1) : rest;
  }

  /**
   * Leaves: closes the connection, as a browser tab that goes away. Fails when a message the test
   * did not read breaks the AsyncAPI document.
   */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already gone
    }
    for (Message unread : messages) {
      check(unread);
    }
  }

  private static void check(Message message) {
    AsyncApiContract.get()
        .violation(Channel.EVENT_STREAM, Direction.SERVER, message.data())
        .ifPresent(
            violation -> {
              throw new AssertionError(violation);
            });
  }
}
