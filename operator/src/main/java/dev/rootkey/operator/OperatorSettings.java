package dev.rootkey.operator;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

/** SDK settings shared by production, the sandbox and the tests, so all run the same operator. */
public final class OperatorSettings {

  private OperatorSettings() {}

  /**
   * Status and Secrets are written with update (resourceVersion) and merge patches, which every API
   * server serves; server-side apply is not used, as the in-process API server lacks it.
   */
  public static ConfigurationServiceOverrider apply(ConfigurationServiceOverrider overrider) {
    return overrider
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false);
  }
}
