package dev.rootkey.operator.metrics;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.LeakAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link KeyMetrics} on Micrometer, named for Prometheus: {@code rootkey_rotations_total{trigger}},
 * {@code rootkey_leaks_handled_total{action}}, and per RootKey {@code
 * rootkey_expiry_timestamp_seconds} and {@code rootkey_next_rotation_timestamp_seconds}.
 */
public final class MicrometerKeyMetrics implements KeyMetrics {

  private final MeterRegistry registry;
  private final Map<String, Instants> instants = new ConcurrentHashMap<>();
  private final Map<String, List<Gauge>> gauges = new ConcurrentHashMap<>();

  private record Instants(Optional<Instant> expiresAt, Optional<Instant> nextRotation) {}

  public MicrometerKeyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void issued(IssueTrigger trigger) {
    Counter.builder("rootkey.rotations")
        .description("Keys issued, by what triggered them (Created is the first key)")
        .tag("trigger", trigger.name())
        .register(registry)
        .increment();
  }

  @Override
  public void leakAnswered(LeakAction action) {
    Counter.builder("rootkey.leaks.handled")
        .description("KeyLeaks answered by the operator, by what was done")
        .tag("action", action.name())
        .register(registry)
        .increment();
  }

  @Override
  public void observe(
      String namespace, String name, Optional<Instant> expiresAt, Optional<Instant> nextRotation) {
    String id = namespace + "/" + name;
    instants.put(id, new Instants(expiresAt, nextRotation));
    gauges.computeIfAbsent(
        id,
        key -> {
          Tags tags = Tags.of("namespace", namespace, "rootkey", name);
          // NaN when there is nothing to show: Prometheus then has no sample for the series.
          return List.of(
              Gauge.builder(
                      "rootkey.expiry.timestamp",
                      instants,
                      m -> seconds(m.get(key), Instants::expiresAt))
                  .description("When the RootKey expires for good (spec.expiresAt), Unix time")
                  .baseUnit("seconds")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(
                      "rootkey.next.rotation.timestamp",
                      instants,
                      m -> seconds(m.get(key), Instants::nextRotation))
                  .description("When the next scheduled rotation is due, Unix time")
                  .baseUnit("seconds")
                  .tags(tags)
                  .register(registry));
        });
  }

  private static double seconds(
      Instants known, java.util.function.Function<Instants, Optional<Instant>> which) {
    if (known == null) {
      return Double.NaN;
    }
    return which.apply(known).map(i -> i.toEpochMilli() / 1000.0).orElse(Double.NaN);
  }

  @Override
  public void forget(String namespace, String name) {
    String id = namespace + "/" + name;
    instants.remove(id);
    List<Gauge> removed = gauges.remove(id);
    if (removed != null) {
      removed.forEach(registry::remove);
    }
  }
}
