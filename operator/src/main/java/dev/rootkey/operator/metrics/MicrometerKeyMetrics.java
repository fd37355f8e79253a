package dev.rootkey.operator.metrics;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.LeakAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * {@link KeyMetrics} on Micrometer, named for Prometheus: {@code rootkey_rotations_total{trigger}},
 * {@code rootkey_leaks_handled_total{action}}, and per RootKey {@code rootkey_ready}, {@code
 * rootkey_expiry_timestamp_seconds} and {@code rootkey_next_rotation_timestamp_seconds}.
 */
public final class MicrometerKeyMetrics implements KeyMetrics {

  private final MeterRegistry registry;
  private final Map<IssueTrigger, Counter> rotations = new EnumMap<>(IssueTrigger.class);
  private final Map<LeakAction, Counter> leaksHandled = new EnumMap<>(LeakAction.class);
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();
  private final Map<String, List<Gauge>> gauges = new ConcurrentHashMap<>();

  /**
   * What the gauges of one RootKey show; NaN leaves a series without a sample in Prometheus.
   *
   * @param ready 1 Ready, 0 failed, NaN expired (done for good: not something to alert on)
   */
  private record Observed(double ready, double expiresAt, double nextRotation) {}

  public MicrometerKeyMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Every series at 0 from the start: Prometheus' increase() cannot see a series' first
    // sample, so a counter born at 1 would hide the first leak or rotation from alerts. Kept
    // here, so counting is not a registry lookup on every issuance.
    for (IssueTrigger trigger : IssueTrigger.values()) {
      rotations.put(
          trigger,
          Counter.builder("rootkey.rotations")
              .description("Keys issued, by what triggered them (Created is the first key)")
              .tag("trigger", trigger.name())
              .register(registry));
    }
    for (LeakAction action : LeakAction.values()) {
      leaksHandled.put(
          action,
          Counter.builder("rootkey.leaks.handled")
              .description("KeyLeaks answered by the operator, by what was done")
              .tag("action", action.name())
              .register(registry));
    }
  }

  @Override
  public void issued(IssueTrigger trigger) {
    rotations.get(trigger).increment();
  }

  @Override
  public void leakAnswered(LeakAction action) {
    leaksHandled.get(action).increment();
  }

  @Override
  public void observe(
      String namespace, String name, Optional<Instant> expiresAt, Optional<Instant> nextRotation) {
    show(namespace, name, new Observed(1, seconds(expiresAt), seconds(nextRotation)));
  }

  @Override
  public void failed(String namespace, String name) {
    Observed known = observed.get(id(namespace, name));
    show(
        namespace,
        name,
        known == null
            ? new Observed(0, Double.NaN, Double.NaN)
            : new Observed(0, known.expiresAt(), known.nextRotation()));
  }

  @Override
  public void expired(String namespace, String name) {
    show(namespace, name, new Observed(Double.NaN, Double.NaN, Double.NaN));
  }

  private void show(String namespace, String name, Observed now) {
    String id = id(namespace, name);
    observed.put(id, now);
    gauges.computeIfAbsent(
        id,
        key -> {
          Tags tags = Tags.of("namespace", namespace, "rootkey", name);
          return List.of(
              gauge("rootkey.ready", key, Observed::ready, tags)
                  .description("1 when the RootKey is Ready, 0 when it is not; none once expired")
                  .register(registry),
              gauge("rootkey.expiry.timestamp", key, Observed::expiresAt, tags)
                  .description("When the RootKey expires for good (spec.expiresAt), Unix time")
                  .baseUnit("seconds")
                  .register(registry),
              gauge("rootkey.next.rotation.timestamp", key, Observed::nextRotation, tags)
                  .description("When the next scheduled rotation is due, Unix time")
                  .baseUnit("seconds")
                  .register(registry));
        });
  }

  private Gauge.Builder<Map<String, Observed>> gauge(
      String name, String key, ToDoubleFunction<Observed> value, Tags tags) {
    return Gauge.builder(
            name,
            observed,
            m -> {
              Observed known = m.get(key);
              return known == null ? Double.NaN : value.applyAsDouble(known);
            })
        .tags(tags);
  }

  private static double seconds(Optional<Instant> instant) {
    return instant.map(i -> i.toEpochMilli() / 1000.0).orElse(Double.NaN);
  }

  private static String id(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public void forget(String namespace, String name) {
    String id = id(namespace, name);
    observed.remove(id);
    List<Gauge> removed = gauges.remove(id);
    if (removed != null) {
      removed.forEach(registry::remove);
    }
  }
}
