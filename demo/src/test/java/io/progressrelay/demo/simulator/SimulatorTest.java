package io.progressrelay.demo.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private final List<WorkerEvent> published = new CopyOnWriteArrayList<>();
  private final Set<String> registered = java.util.Collections.synchronizedSet(new HashSet<>());
  private final List<String> publishedBeforeRegistration = new CopyOnWriteArrayList<>();
  private final List<SimulatedJob> finished = new CopyOnWriteArrayList<>();

  private final EventPublisher publisher =
      event -> {
        String upload =
            event.channel() instanceof io.progressrelay.domain.EventChannel.Upload channel
                ? channel.uploadId().value()
                : event.payloadUploadId();
        if (upload != null && !registered.contains(upload)) {
          publishedBeforeRegistration.add(upload);
        }
        published.add(event);
      };

  private final UploadRegistrar registrar =
      new UploadRegistrar() {
        @Override
        public void register(List<SimulatedJob> jobs) {
          jobs.forEach(job -> registered.addAll(job.uploadIds()));
        }

        @Override
        public void finished(SimulatedJob job) {
          finished.add(job);
        }
      };

  @Test
  void publishesEveryPlannedUploadToItsTerminalEventAfterRegisteringIt() throws Exception {
    var plan = new SimulationPlan(200, 1, Duration.ofMillis(5), Optional.of(25L), Optional.empty());
    try (var simulator = simulator(plan, registrar)) {
      simulator.start();

      assertThat(simulator.awaitDone(Duration.ofSeconds(20))).isTrue();
      assertThat(simulator.failure()).isEmpty();
      SimulationStats stats = simulator.stats();
      assertThat(stats.uploadsStarted()).isEqualTo(25);
      assertThat(stats.uploadsDone()).isEqualTo(25);
      assertThat(stats.uploadsRunning()).isZero();
      assertThat(stats.eventsPublished()).isEqualTo(published.size());
    }
    assertThat(publishedBeforeRegistration).isEmpty();
    assertThat(registered).hasSize(25);
    assertThat(finished.stream().mapToInt(job -> job.uploadIds().size()).sum()).isEqualTo(25);
    // Per upload: progress events first, exactly one terminal event, last.
    Map<String, List<String>> byUpload = new LinkedHashMap<>();
    published.stream()
        .filter(e -> e.channel() instanceof io.progressrelay.domain.EventChannel.Upload)
        .forEach(
            e ->
                byUpload
                    .computeIfAbsent(e.channel().name(), k -> new ArrayList<>())
                    .add(e.action()));
    assertThat(byUpload).hasSize(25);
    byUpload
        .values()
        .forEach(
            actions -> {
              assertThat(actions.get(0)).isEqualTo(WorkerEvents.UPLOAD_PROGRESS);
              assertThat(actions.get(actions.size() - 1))
                  .isIn(WorkerEvents.UPLOAD_COMPLETED, WorkerEvents.UPLOAD_FAILED);
              assertThat(actions.subList(0, actions.size() - 1))
                  .containsOnly(WorkerEvents.UPLOAD_PROGRESS);
            });
  }

  @Test
  void startsUploadsAtThePlannedPace() throws Exception {
    var plan =
        new SimulationPlan(
            20, 1, Duration.ofMillis(5), Optional.empty(), Optional.of(Duration.ofMillis(500)));
    try (var simulator = simulator(plan, registrar)) {
      simulator.start();

      assertThat(simulator.awaitDone(Duration.ofSeconds(10))).isTrue();
      // 1 at once, then 20 per second for half a second; a batch may add two more.
      assertThat(simulator.stats().uploadsStarted()).isBetween(8L, 14L);
    }
  }

  @Test
  void aRefusedRegistrationStopsTheSimulationBeforeAnyEvent() throws Exception {
    UploadRegistrar refusing =
        jobs -> {
          throw new SimulationException("the relay answered 401");
        };
    var plan = new SimulationPlan(10, 1, Duration.ofMillis(5), Optional.of(5L), Optional.empty());
    try (var simulator = simulator(plan, refusing)) {
      simulator.start();

      assertThat(simulator.awaitDone(Duration.ofSeconds(5))).isTrue();
      assertThat(simulator.failure())
          .get()
          .extracting(Throwable::getMessage)
          .asString()
          .contains("401");
    }
    assertThat(published).isEmpty();
  }

  @Test
  void anEventThatCannotBePublishedIsCountedAndTheRestGoOn() throws Exception {
    EventPublisher failingOnce =
        new EventPublisher() {
          private boolean failed;

          @Override
          public void publish(WorkerEvent event) {
            if (!failed) {
              failed = true;
              throw new IllegalStateException("Redis is down");
            }
            published.add(event);
          }
        };
    var plan = new SimulationPlan(100, 1, Duration.ofMillis(5), Optional.of(3L), Optional.empty());
    try (var simulator =
        new Simulator(
            plan,
            new JobFactory(List.of("alice"), new Random(7)),
            new WorkerEvents(Clock.systemUTC()),
            failingOnce,
            registrar)) {
      simulator.start();

      assertThat(simulator.awaitDone(Duration.ofSeconds(10))).isTrue();
      assertThat(simulator.stats().publishFailures()).isEqualTo(1);
      assertThat(simulator.stats().uploadsDone()).isEqualTo(3);
      assertThat(simulator.stats().eventsPublished()).isEqualTo(published.size());
    }
  }

  private Simulator simulator(SimulationPlan plan, UploadRegistrar registrar) {
    return new Simulator(
        plan,
        new JobFactory(List.of("alice", "bob"), new Random(42)),
        new WorkerEvents(Clock.systemUTC()),
        publisher,
        registrar);
  }
}
