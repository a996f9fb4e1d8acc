package io.progressrelay.adapter.in.web.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The relay's OpenAPI 3.1 document ({@code openapi/progress-relay.yaml}) as a checker of the
 * answers tests receive: the operation is found by method and path template, the status must be one
 * the operation documents, the content type one of its media types, and a JSON body must validate
 * against the media type's schema (networknt json-schema-validator, OpenAPI 3.1 dialect, JSON
 * Schema 2020-12, formats asserted). A path or method the document does not list must answer the
 * API's error shape. Thread-safe.
 */
public final class OpenApiContract {
  /** Where the document is on the classpath (the main resources the relay serves). */
  public static final String RESOURCE = "openapi/progress-relay.yaml";

  // An IRI only to name the document inside the schema registry; nothing is fetched.
  private static final String DOCUMENT_IRI = "https://progress-relay.invalid/openapi.json";
  private static final String SCHEMAS_PREFIX = "#/components/schemas/";
  private static final String ERROR_SCHEMA = SCHEMAS_PREFIX + "Error";
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the test JVM lists the documented answers no test received. */
  public static final Path COVERAGE_REPORT = Path.of("target", "openapi-coverage.txt");

  private static final OpenApiContract INSTANCE = load();

  private final JsonNode document;
  private final List<PathTemplate> paths;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Set<String> exercised = ConcurrentHashMap.newKeySet();

  private OpenApiContract(JsonNode document) {
    this.document = document;
    this.paths = templates(document.path("paths"));
    String text;
    try {
      text = JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    this.registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            builder -> builder.schemaRegistryConfig(config).schemas(Map.of(DOCUMENT_IRI, text)));
  }

  /**
   * The document on the classpath, loaded once. When the test JVM ends, the documented answers no
   * test received are listed in {@code target/openapi-coverage.txt}, to show what the tests leave
   * unchecked.
   */
  public static OpenApiContract get() {
    return INSTANCE;
  }

  /** Every documented answer, as {@code "METHOD /path/{param} STATUS"}, sorted. */
  public TreeSet<String> answers() {
    var answers = new TreeSet<String>();
    for (PathTemplate path : paths) {
      for (String method : METHODS) {
        JsonNode operation = path.item().get(method);
        if (operation != null) {
          operation
              .path("responses")
              .fieldNames()
              .forEachRemaining(
                  status ->
                      answers.add(
                          method.toUpperCase(Locale.ROOT) + " " + path.template() + " " + status));
        }
      }
    }
    return answers;
  }

  /** The document as a tree. */
  public JsonNode document() {
    return document;
  }

  /** Every operation the document lists, as {@code "METHOD /path/{param}"}, sorted. */
  public TreeSet<String> operations() {
    var operations = new TreeSet<String>();
    for (PathTemplate path : paths) {
      for (String method : METHODS) {
        if (path.item().has(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path.template());
        }
      }
    }
    return operations;
  }

  /**
   * Fails when a JSON request body that the relay accepted (a 2xx answer) breaks the schema the
   * document gives the operation's request body, so the documented requests are ones the relay
   * takes; a refused body is what a test of refusals sends on purpose.
   */
  public void checkAcceptedRequest(String method, String rawPath, int status, String body) {
    if (status < 200 || status > 299 || body == null) {
      return;
    }
    Optional<Operation> operation = find(method, rawPath);
    if (operation.isEmpty()) {
      return;
    }
    String where = operation.get().name();
    JsonNode media =
        resolve(operation.get().node().path("requestBody"))
            .path("content")
            .path("application/json");
    if (media.isMissingNode()) {
      throw new AssertionError(
          "contract: "
              + method
              + " "
              + rawPath
              + " accepted a JSON body, but "
              + where
              + " documents none");
    }
    String ref = media.path("schema").path("$ref").asText("");
    if (!ref.startsWith(SCHEMAS_PREFIX)) {
      throw new AssertionError(
          "contract: " + where + ": a JSON request schema must be a $ref to " + SCHEMAS_PREFIX);
    }
    validate(method + " " + rawPath + " request, accepted with " + status, ref, body);
  }

  /**
   * Fails with an {@link AssertionError} naming the request, the status and what the document says
   * when the answer breaks the contract.
   *
   * @param headers the answer's headers: its {@code Content-Type} and the headers the document
   *     marks as required
   */
  public void check(String method, String rawPath, int status, HttpHeaders headers, String body) {
    Optional<String> contentType = headers.firstValue("Content-Type");
    String request = method + " " + rawPath + " answered " + status;
    Optional<Operation> operation = find(method, rawPath);
    if (operation.isEmpty()) {
      // Not a documented operation: the router's 404/405 or the HTTP server's own refusals.
      if (status < 400) {
        throw new AssertionError(
            "contract: " + request + ", but the document lists no such operation");
      }
      validate(request + " (no such operation)", ERROR_SCHEMA, body);
      return;
    }
    String where = operation.get().name();
    JsonNode responses = operation.get().node().path("responses");
    JsonNode response = responses.get(String.valueOf(status));
    if (response == null) {
      response = responses.get("default");
    } else {
      exercised.add(where + " " + status);
    }
    if (response == null) {
      throw new AssertionError(
          "contract: "
              + request
              + ", a status "
              + where
              + " does not document (it has "
              + fieldNames(responses)
              + "); body: "
              + body);
    }
    response = resolve(response);
    requireHeaders(request, where, response, headers);
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (body != null && !body.isEmpty()) {
        throw new AssertionError(
            "contract: "
                + request
                + " with a body, but "
                + where
                + " "
                + status
                + " has none: "
                + body);
      }
      return;
    }
    String mediaType =
        contentType
            .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
            .orElseThrow(
                () -> new AssertionError("contract: " + request + " without a Content-Type"));
    JsonNode media = content.get(mediaType);
    if (media == null) {
      throw new AssertionError(
          "contract: "
              + request
              + " as "
              + mediaType
              + ", but "
              + where
              + " "
              + status
              + " documents "
              + fieldNames(content));
    }
    if (!mediaType.equals("application/json")) {
      return;
    }
    String ref = media.path("schema").path("$ref").asText("");
    if (!ref.startsWith(SCHEMAS_PREFIX)) {
      throw new AssertionError(
          "contract: "
              + where
              + " "
              + status
              + ": a JSON schema must be a $ref to "
              + SCHEMAS_PREFIX);
    }
    validate(request + " (" + where + ")", ref, body);
  }

  private void requireHeaders(
      String request, String where, JsonNode response, HttpHeaders headers) {
    Iterator<Map.Entry<String, JsonNode>> documented = response.path("headers").fields();
    while (documented.hasNext()) {
      Map.Entry<String, JsonNode> header = documented.next();
      boolean required = resolve(header.getValue()).path("required").asBoolean(false);
      if (required && headers.firstValue(header.getKey()).isEmpty()) {
        throw new AssertionError(
            "contract: "
                + request
                + " without the header "
                + header.getKey()
                + " that "
                + where
                + " requires");
      }
    }
  }

  private void validate(String request, String ref, String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new AssertionError(
          "contract: " + request + " with a body that is not JSON: " + body, e);
    }
    if (json == null || json.isMissingNode()) {
      throw new AssertionError("contract: " + request + " without the JSON body " + ref + " wants");
    }
    List<Error> errors = schema(ref).validate(json);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "contract: "
              + request
              + ", a body that breaks "
              + ref
              + ": "
              + errors.stream().map(Error::toString).collect(Collectors.joining("; "))
              + "; body: "
              + body);
    }
  }

  /** The schema at {@code ref} (e.g. {@code #/components/schemas/Upload}) in the document. */
  public Schema schema(String ref) {
    return schemas.computeIfAbsent(
        ref, key -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + key)));
  }

  /** The operation for {@code method} on the most literal path template matching the path. */
  private Optional<Operation> find(String method, String rawPath) {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    String key = method.toLowerCase(Locale.ROOT);
    return paths.stream()
        .filter(template -> template.pattern().matcher(path).matches())
        .filter(template -> template.item().has(key))
        .min(Comparator.comparingInt(PathTemplate::parameters))
        .map(
            template ->
                new Operation(
                    method.toUpperCase(Locale.ROOT) + " " + template.template(),
                    template.item().get(key)));
  }

  // A local $ref (#/components/responses/...) to the object it names.
  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.isMissingNode() ? null : node.get("$ref");
    if (ref == null) {
      return node;
    }
    String pointer = ref.asText();
    if (!pointer.startsWith("#")) {
      throw new AssertionError("contract: only local references are supported: " + pointer);
    }
    JsonNode target = document.at(pointer.substring(1));
    if (target.isMissingNode()) {
      throw new AssertionError("contract: the document has nothing at " + pointer);
    }
    return resolve(target);
  }

  private static List<PathTemplate> templates(JsonNode pathsNode) {
    List<PathTemplate> templates = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = pathsNode.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String template = entry.getKey();
      StringBuilder regex = new StringBuilder();
      int parameters = 0;
      for (String part : template.split("(?=\\{)|(?<=\\})")) {
        if (part.startsWith("{") && part.endsWith("}")) {
          regex.append("[^/]+");
          parameters++;
        } else {
          regex.append(Pattern.quote(part));
        }
      }
      templates.add(
          new PathTemplate(
              template, Pattern.compile(regex.toString()), parameters, entry.getValue()));
    }
    return List.copyOf(templates);
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }

  // Written by the test JVM's shutdown hook, in the module's build folder.
  private void writeCoverage() {
    if (exercised.isEmpty()) {
      return;
    }
    var missing = answers();
    missing.removeAll(exercised);
    var lines = new ArrayList<String>();
    lines.add(
        "# Documented answers no test of this run received ("
            + missing.size()
            + " of "
            + answers().size()
            + "):");
    lines.addAll(missing);
    try {
      Files.createDirectories(COVERAGE_REPORT.getParent());
      Files.write(COVERAGE_REPORT, lines);
    } catch (IOException e) {
      // Only a report; the checks themselves have run.
    }
  }

  private static OpenApiContract load() {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + RESOURCE);
      }
      var contract = new OpenApiContract(new YAMLMapper().readTree(in));
      Runtime.getRuntime().addShutdownHook(new Thread(contract::writeCoverage, "openapi-coverage"));
      return contract;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private record PathTemplate(String template, Pattern pattern, int parameters, JsonNode item) {}

  private record Operation(String name, JsonNode node) {}
}
