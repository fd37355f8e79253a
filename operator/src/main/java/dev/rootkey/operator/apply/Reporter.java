package dev.rootkey.operator.apply;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.metrics.KeyMetrics;
import dev.rootkey.operator.plan.Report;
import dev.rootkey.operator.plan.Step;
import java.util.List;
import java.util.Objects;

/** Tells what a plan did: to the journal (Events and audit records) and to the metrics. */
public final class Reporter {

  private final KeyJournal journal;
  private final KeyMetrics metrics;

  public Reporter(KeyJournal journal, KeyMetrics metrics) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * @param rootKey the RootKey as the plan's writes so far left it
   */
  void tell(RootKey rootKey, Report report) {
    String namespace = rootKey.getMetadata().getNamespace();
    String name = rootKey.getMetadata().getName();
    if (report instanceof Report.Activated activated) {
      metrics.issued(activated.request().trigger());
      if (activated.replaced().isPresent()) {
        journal.rotated(
            rootKey,
            activated.key(),
            activated.replaced().get(),
            activated.request(),
            activated.secretName());
      } else {
        journal.issued(rootKey, activated.key(), activated.secretName());
      }
    } else if (report instanceof Report.GraceOverrideIgnored ignored) {
      journal.graceOverrideIgnored(
          rootKey, ignored.rotateValue(), ignored.spent(), ignored.grace());
    } else if (report instanceof Report.SecretLost lost) {
      journal.secretLost(rootKey, lost.secretName(), lost.lostKeyId(), lost.newKeyId());
    } else if (report instanceof Report.GracePeriodExtended extended) {
      journal.gracePeriodExtended(
          rootKey, extended.key(), extended.idleTimeout(), extended.latest());
    } else if (report instanceof Report.GraceEnded ended) {
      journal.graceEnded(rootKey, ended);
    } else if (report instanceof Report.RootKeyExpired expired) {
      journal.rootKeyExpired(rootKey, expired.keys(), expired.expiresAt());
    } else if (report instanceof Report.RotationRefused refused) {
      journal.rotationRefused(
          rootKey, refused.requestValue(), refused.requestedBy(), refused.expiredAt());
    } else if (report instanceof Report.DeleteRefused) {
      journal.deleteRefused(rootKey);
    } else if (report instanceof Report.Failed failed) {
      journal.failed(rootKey, failed.reason(), failed.message());
    } else if (report instanceof Report.InFailedPhase) {
      metrics.failed(namespace, name);
    } else if (report instanceof Report.InExpiredPhase) {
      metrics.expired(namespace, name);
    } else if (report instanceof Report.Scheduled scheduled) {
      metrics.observe(namespace, name, scheduled.expiresAt(), scheduled.nextRotationAt());
    } else {
      throw new IllegalArgumentException("unknown report " + report);
    }
  }

  /** Told before the answer is written: see {@link PlanExecutor}. */
  void leakAnswered(RootKey rootKey, Step.AnswerLeak answer) {
    metrics.leakAnswered(answer.answer().getAction());
    journal.leakAnswered(rootKey, answer.leak(), answer.answer(), answer.message());
  }

  void restartTargetsMissing(RootKey rootKey, List<String> missing) {
    journal.restartTargetsMissing(rootKey, missing);
  }

  /** The RootKey is gone: its metrics go too. */
  void forget(String namespace, String name) {
    metrics.forget(namespace, name);
  }
}
