package dev.ksim.scenario.shell.explain;

import java.util.List;
import java.util.Locale;

/**
 * A resource the API server serves at one group/version, as discovery describes it, with the model
 * class that carries its schema.
 *
 * @param plural the resource name, e.g. {@code deployments}
 * @param shortNames kubectl's short names, e.g. {@code deploy}
 * @param group the API group, {@code ""} for the core group
 * @param version the version within the group, e.g. {@code v1}
 * @param kind the kind, e.g. {@code Deployment}
 * @param model the simple name of its client-java-api model class, e.g. {@code V1Deployment}
 */
public record ApiResource(
    String plural,
    List<String> shortNames,
    String group,
    String version,
    String kind,
    String model) {

  public ApiResource {
    shortNames = List.copyOf(shortNames);
  }

  /** The name kubectl's group-qualified form starts with: {@code deployments.apps}. */
  public String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Whether kubectl means this resource by {@code name} (plural, singular, kind or short name). */
  boolean answersTo(String name) {
    return plural.equals(name)
        || kind.toLowerCase(Locale.ROOT).equals(name)
        || shortNames.contains(name);
  }
}
