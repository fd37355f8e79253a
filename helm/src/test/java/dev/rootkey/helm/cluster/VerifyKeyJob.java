package dev.rootkey.helm.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A Job that verifies a key from inside the cluster: {@link VerifyKeyProbe} run by {@code java} of
 * the scanner-webhook image, as user 10001 with a read-only root file system, its class file
 * delivered in a ConfigMap, the key from the Secret and the webhook's CA from the user's ConfigMap.
 */
final class VerifyKeyJob {

  static final String CLASS_FILE = VerifyKeyProbe.class.getSimpleName() + ".class";
  static final String CLASS_PATH = VerifyKeyProbe.class.getName().replace('.', '/') + ".class";

  private final KubernetesClient client;

  VerifyKeyJob(KubernetesClient client) {
    this.client = client;
  }

  /** Where the probe calls, and the host name the pod resolves to the Service's address. */
  record Target(String url, String serviceDnsName, String clusterIp) {}

  /** Where the key and the CA come from in the Job's namespace. */
  record Inputs(String secret, String secretKey, String caConfigMap, String image) {}

  /**
   * Runs the Job {@code name} in {@code namespace} until it succeeds, and returns the answer it
   * printed (the JSON after {@link VerifyKeyProbe#ANSWER}).
   */
  String run(String namespace, String name, Target target, Inputs inputs, Duration timeout) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name + "-class")
                .withNamespace(namespace)
                .endMetadata()
                .addToBinaryData(CLASS_FILE, Base64.getEncoder().encodeToString(probeClass()))
                .build())
        .create();
    client.resource(job(namespace, name, target, inputs)).create();
    await("Job " + namespace + "/" + name + " succeeded")
        .atMost(timeout)
        .until(
            () -> {
              Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
              if (job.getStatus() != null
                  && job.getStatus().getFailed() != null
                  && job.getStatus().getConditions().stream()
                      .anyMatch(
                          c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
                throw new AssertionError(
                    "Job " + name + " failed: " + logs(namespace, name, "Failed"));
              }
              return job.getStatus() != null
                  && Objects.requireNonNullElse(job.getStatus().getSucceeded(), 0) > 0;
            });
    String log = logs(namespace, name, "Succeeded");
    return log.lines()
        .filter(line -> line.startsWith(VerifyKeyProbe.ANSWER))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the probe printed no answer: " + log))
        .substring(VerifyKeyProbe.ANSWER.length());
  }

  private Job job(String namespace, String name, Target target, Inputs inputs) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        // A first try may meet a Service whose endpoints kube-proxy has not written yet.
        .withBackoffLimit(4)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        // No cluster DNS here: the Service's name resolves through /etc/hosts.
        .addNewHostAlias()
        .withIp(target.clusterIp())
        .addToHostnames(target.serviceDnsName())
        .endHostAlias()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(10001L)
        .withRunAsGroup(10001L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("verify")
        .withImage(inputs.image())
        .withImagePullPolicy("IfNotPresent")
        .withCommand(
            "java",
            // The JDK's own resolver reads the pod's /etc/hosts, hostAliases included.
            "-Djdk.net.hosts.file=/etc/hosts",
            "-cp",
            "/opt/probe",
            VerifyKeyProbe.class.getName())
        .addNewEnv()
        .withName("ROOT_KEY")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(inputs.secret())
        .withKey(inputs.secretKey())
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("VERIFY_URL")
        .withValue(target.url())
        .endEnv()
        .addNewEnv()
        .withName("CA_FILE")
        .withValue("/etc/rootkey-webhook-ca/ca.crt")
        .endEnv()
        .withNewResources()
        .withLimits(Map.of("memory", new Quantity("256Mi")))
        .endResources()
        .withNewSecurityContext()
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("probe")
        .withMountPath("/opt/probe")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("ca")
        .withMountPath("/etc/rootkey-webhook-ca")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("probe")
        .withNewConfigMap()
        .withName(name + "-class")
        // The class file where the class path expects it: its package's folders.
        .addNewItem()
        .withKey(CLASS_FILE)
        .withPath(CLASS_PATH)
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("ca")
        .withNewConfigMap()
        .withName(inputs.caConfigMap())
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The logs of the Job's pods in this phase. */
  private String logs(String namespace, String job, String phase) {
    StringBuilder logs = new StringBuilder();
    for (Pod pod :
        client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems()) {
      if (pod.getStatus() != null && phase.equals(pod.getStatus().getPhase())) {
        logs.append(client.pods().resource(pod).getLog());
      }
    }
    return logs.toString();
  }

  private static byte[] probeClass() {
    try (InputStream in = VerifyKeyProbe.class.getResourceAsStream(CLASS_FILE)) {
      return Objects.requireNonNull(in, CLASS_FILE).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
