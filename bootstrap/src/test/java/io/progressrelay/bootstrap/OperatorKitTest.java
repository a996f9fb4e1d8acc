package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.progressrelay.adapter.out.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The operator kit in {@code ops/} against real relays: every metric the Grafana dashboard and the
 * Prometheus alert rules query is in {@code GET /metrics} of a relay in pub/sub mode or one in
 * streams mode, the dashboard is a Grafana model whose panels all query the chosen data source, and
 * every rule says how long, how bad, what and where to read on.
 */
class OperatorKitTest {
  private static final String DASHBOARD = "ops/grafana/progress-relay.json";
  private static final String RULES = "ops/prometheus/progress-relay-rules.yml";

  /** Series Prometheus makes itself for every target, which no /metrics answer holds. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,\\s*\\w+\\s*\\)");
  private static final String STREAM = "t" + System.nanoTime() + ":operator-kit-events";

  private static final Path ROOT = repositoryRoot();
  private static RelayUnderTest pubSub;
  private static RelayUnderTest streams;
  private static final Set<String> exported = new TreeSet<>();

  @BeforeAll
  static void startRelays() {
    pubSub = new RelayUnderTest("OperatorKitTest", Map.of());
    streams =
        new RelayUnderTest(
            "OperatorKitTestStreams",
            Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", STREAM));
    for (RelayUnderTest relay : List.of(pubSub, streams)) {
      await().atMost(Duration.ofSeconds(30)).until(relay.application()::listening);
    }
    // The JVM's GC pause timer is registered at the first collection.
    System.gc();
    for (RelayUnderTest relay : List.of(pubSub, streams)) {
      var answer = relay.api.get("/metrics", null);
      assertThat(answer.status()).isEqualTo(200);
      exported.addAll(PrometheusText.parse(answer.body()).names());
    }
  }

  @AfterAll
  static void stopRelays() {
    if (streams != null) {
      streams.close();
    }
    if (pubSub != null) {
      pubSub.close();
    }
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(STREAM);
    }
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode panel : panels(dashboard())) {
      for (JsonNode target : panel.path("targets")) {
        used.put(
            panel.path("title").asText() + " " + target.path("refId").asText(),
            PromQlNames.in(target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      Matcher query = LABEL_VALUES.matcher(variable.path("definition").asText());
      if (query.find()) {
        used.put("variable " + variable.path("name").asText(), Set.of(query.group(1)));
      }
    }

    assertThat(used.values().stream().flatMap(Set::stream)).hasSizeGreaterThan(60);
    assertThat(missing(used)).as("metrics the dashboard queries that /metrics lacks").isEmpty();
  }

  @Test
  void everyMetricTheRulesQueryIsExported() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode rule : rules()) {
      used.put(rule.path("alert").asText(), PromQlNames.in(rule.path("expr").asText()));
    }

    assertThat(used).hasSizeGreaterThan(15);
    assertThat(missing(used)).as("metrics the alert rules query that /metrics lacks").isEmpty();
  }

  @Test
  void aMisspelledOrSuffixlessNameIsCaught() {
    assertThat(
            PromQlNames.in(
                "histogram_quantile(0.99, sum by (instance, le) (rate("
                    + "relay_delivery_latency_seconds_bucket{instance=~\"$instance\"}"
                    + "[$__rate_interval]))) > 0.25 and on (instance) process_uptime_seconds > 1e3"
                    + " or relay_queue_frames offset 1h"))
        .containsExactlyInAnyOrder(
            "relay_delivery_latency_seconds_bucket",
            "process_uptime_seconds",
            "relay_queue_frames");
    assertThat(
            missing(
                Map.of(
                    "typo",
                    PromQlNames.in("rate(relay_frame_total{outcome=\"sent\"}[5m])"),
                    "histogram without its suffix",
                    PromQlNames.in("relay_delivery_latency_seconds"))))
        .containsOnlyKeys("typo", "histogram without its suffix");
  }

  @Test
  void theDashboardIsAGrafanaModelQueryingTheChosenDataSource() throws IOException {
    JsonNode dashboard = dashboard();

    assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(dashboard.path("uid").asText()).isEqualTo("progress-relay");
    Map<String, JsonNode> variables = new TreeMap<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(variable -> variables.put(variable.path("name").asText(), variable));
    assertThat(variables).containsKeys("datasource", "instance");
    assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
    assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
    assertThat(variables.get("instance").path("datasource").path("uid").asText())
        .isEqualTo("${datasource}");

    List<JsonNode> panels = panels(dashboard);
    assertThat(panels).hasSizeGreaterThan(30);
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(title).as("a panel's title").isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("%s has an id of its own", title).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).as("%s width", title).isPositive();
      assertThat(panel.path("datasource").path("uid").asText())
          .as("%s data source", title)
          .isEqualTo("${datasource}");
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
          .as("%s unit", title)
          .isNotBlank();
      assertThat(panel.path("targets")).as("%s targets", title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText())
            .as("%s target data source", title)
            .isEqualTo("${datasource}");
        assertThat(target.path("expr").asText())
            .as("%s query follows the instance variable", title)
            .contains("instance=~\"$instance\"");
      }
    }
  }

  @Test
  void everyRuleSaysHowLongHowBadWhatAndWhereToReadOn() throws IOException {
    for (JsonNode rule : rules()) {
      String alert = rule.path("alert").asText();
      assertThat(alert).as("an alert's name").matches("Relay[A-Za-z]+");
      assertThat(rule.path("for").asText()).as("%s for", alert).matches("\\d+[smh]");
      assertThat(rule.path("labels").path("severity").asText())
          .as("%s severity", alert)
          .isIn("critical", "warning", "info");
      assertThat(rule.path("annotations").path("summary").asText())
          .as("%s summary", alert)
          .isNotBlank();
      assertThat(rule.path("annotations").path("description").asText())
          .as("%s description", alert)
          .isNotBlank();
      String runbook = rule.path("annotations").path("runbook_url").asText();
      assertThat(runbook).as("%s runbook", alert).matches("docs/[a-z]+\\.md#[a-z0-9-]+");
      String[] fileAndAnchor = runbook.split("#");
      assertThat(anchors(ROOT.resolve(fileAndAnchor[0])))
          .as("%s runbook section", alert)
          .contains(fileAndAnchor[1]);
    }
  }

  private static Map<String, Set<String>> missing(Map<String, Set<String>> usedBy) {
    Map<String, Set<String>> missing = new TreeMap<>();
    usedBy.forEach(
        (where, names) -> {
          Set<String> absent =
              names.stream()
                  .filter(name -> !exported.contains(name) && !FROM_PROMETHEUS.contains(name))
                  .collect(Collectors.toCollection(TreeSet::new));
          if (!absent.isEmpty()) {
            missing.put(where, absent);
          }
        });
    return missing;
  }

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(ROOT.resolve(DASHBOARD).toFile());
  }

  /** Every panel that is not a row, including those inside collapsed rows. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static List<JsonNode> rules() throws IOException {
    JsonNode file = new YAMLMapper().readTree(ROOT.resolve(RULES).toFile());
    List<JsonNode> rules = new ArrayList<>();
    file.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    assertThat(rules).allSatisfy(rule -> assertThat(rule.has("alert")).isTrue());
    return rules;
  }

  /** The anchors GitHub gives a Markdown file's headings. */
  private static Set<String> anchors(Path markdown) throws IOException {
    return Files.readAllLines(markdown).stream()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT))
        .map(heading -> heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  /** The checkout's root: the module's parent when Maven runs the tests in the module. */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
      if (Files.exists(candidate.resolve(DASHBOARD))) {
        return candidate;
      }
      if (Files.exists(candidate.resolve(".git")) || Files.exists(candidate.resolve(".ci"))) {
        break;
      }
    }
    throw new IllegalStateException("no " + DASHBOARD + " in " + here + " or its parents");
  }
}
