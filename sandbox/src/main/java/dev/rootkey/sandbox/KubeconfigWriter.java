package dev.rootkey.sandbox;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a kubeconfig whose current context is the sandbox's API server. */
final class KubeconfigWriter {

  static final String NAME = "rootkey-sandbox";

  private KubeconfigWriter() {}

  static void write(Path path, String apiServer) throws IOException {
    Config config =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName(NAME)
            .withNewCluster()
            .withServer(apiServer)
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName(NAME)
            // The sandbox accepts any credentials; kubectl wants some to send.
            .withNewUser()
            .withToken("sandbox")
            .endUser()
            .endUser()
            .addNewContext()
            .withName(NAME)
            .withNewContext()
            .withCluster(NAME)
            .withUser(NAME)
            .withNamespace("default")
            .endContext()
            .endContext()
            .withCurrentContext(NAME)
            .build();
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(path, Serialization.asYaml(config));
  }
}
