package dev.ksim.apiserver.registry;

import com.google.common.base.Strings;
import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.FieldError;
import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.apiserver.UndoLog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The registries of the apps/v1 workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet): their
 * defaults and the checks they share — a selector is required, it must select the template's
 * labels, it cannot change, replicas are not negative, the template is a valid pod.
 *
 * @param <T> the workload kind
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go">apps/validation/validation.go</a>
 */
public final class WorkloadStrategy<T extends HasMetadata> implements Admission<T> {
  private final String kind;
  private final Function<T, @Nullable LabelSelector> selector;
  private final Function<T, @Nullable PodTemplateSpec> template;
  private final Function<T, @Nullable Integer> replicas;
  private final Consumer<T> defaults;

  /** What an empty selector is refused with: upstream words it per kind. */
  private final String emptySelector;

  /** The checks of this kind's own fields. */
  private final BiConsumer<T, List<FieldError>> kindChecks;

  /**
   * Whether the kind's own fields are checked before the shared ones, so that several errors come
   * in upstream's order: ValidateStatefulSetSpec checks podManagementPolicy and updateStrategy
   * first, the Deployment's and DaemonSet's validation their strategy last. The shared checks keep
   * one order for every kind (selector, template labels, replicas, pod spec), which is not
   * upstream's everywhere: ValidateDeploymentSpec checks replicas before the selector, so a
   * Deployment with both wrong lists them in the other order.
   */
  private final boolean kindChecksFirst;

  private WorkloadStrategy(
      String kind,
      Function<T, @Nullable LabelSelector> selector,
      Function<T, @Nullable PodTemplateSpec> template,
      Function<T, @Nullable Integer> replicas,
      Consumer<T> defaults,
      String emptySelector,
      BiConsumer<T, List<FieldError>> kindChecks,
      boolean kindChecksFirst) {
    this.kind = kind;
    this.selector = selector;
    this.template = template;
    this.replicas = replicas;
    this.defaults = defaults;
    this.emptySelector = emptySelector;
    this.kindChecks = kindChecks;
    this.kindChecksFirst = kindChecksFirst;
  }

  public static WorkloadStrategy<Deployment> deployments() {
    return new WorkloadStrategy<>(
        "Deployment",
        d -> d.getSpec().getSelector(),
        d -> d.getSpec().getTemplate(),
        d -> d.getSpec().getReplicas(),
        d -> {
          DeploymentSpec spec = d.getSpec();
          if (spec.getReplicas() == null) {
            spec.setReplicas(1);
          }
          if (spec.getStrategy() == null) {
            spec.setStrategy(new DeploymentStrategy());
          }
          if (Strings.isNullOrEmpty(spec.getStrategy().getType())) {
            spec.getStrategy().setType(UpdateStrategies.ROLLING_UPDATE);
          }
          if (UpdateStrategies.ROLLING_UPDATE.equals(spec.getStrategy().getType())) {
            if (spec.getStrategy().getRollingUpdate() == null) {
              spec.getStrategy().setRollingUpdate(new RollingUpdateDeployment());
            }
            RollingUpdateDeployment rolling = spec.getStrategy().getRollingUpdate();
            if (rolling.getMaxSurge() == null) {
              rolling.setMaxSurge(new IntOrString("25%"));
            }
            if (rolling.getMaxUnavailable() == null) {
              rolling.setMaxUnavailable(new IntOrString("25%"));
            }
          }
          if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
          }
          if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
          }
        },
        "empty selector is invalid for deployment",
        UpdateStrategies::checkDeployment,
        false);
  }

  public static WorkloadStrategy<ReplicaSet> replicaSets() {
    return new WorkloadStrategy<>(
        "ReplicaSet",
        r -> r.getSpec().getSelector(),
        r -> r.getSpec().getTemplate(),
        r -> r.getSpec().getReplicas(),
        r -> {
          ReplicaSetSpec spec = r.getSpec();
          if (spec.getReplicas() == null) {
            spec.setReplicas(1);
          }
        },
        "empty selector is invalid for deployment",
        (workload, errors) -> {},
        false);
  }

  public static WorkloadStrategy<StatefulSet> statefulSets() {
    return new WorkloadStrategy<>(
        "StatefulSet",
        s -> s.getSpec().getSelector(),
        s -> s.getSpec().getTemplate(),
        s -> s.getSpec().getReplicas(),
        s -> {
          StatefulSetSpec spec = s.getSpec();
          if (spec.getReplicas() == null) {
            spec.setReplicas(1);
          }
          if (Strings.isNullOrEmpty(spec.getPodManagementPolicy())) {
            spec.setPodManagementPolicy(UpdateStrategies.ORDERED_READY);
          }
          if (spec.getUpdateStrategy() == null) {
            spec.setUpdateStrategy(new StatefulSetUpdateStrategy());
          }
          StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy();
          // Only a defaulted type brings a rollingUpdate: a RollingUpdate given without one keeps
          // none (SetDefaults_StatefulSet, pkg/apis/apps/v1/defaults.go).
          if (Strings.isNullOrEmpty(strategy.getType())) {
            strategy.setType(UpdateStrategies.ROLLING_UPDATE);
            if (strategy.getRollingUpdate() == null) {
              strategy.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
            }
          }
          RollingUpdateStatefulSetStrategy rolling = strategy.getRollingUpdate();
          if (rolling != null) {
            if (UpdateStrategies.ROLLING_UPDATE.equals(strategy.getType())
                && rolling.getPartition() == null) {
              rolling.setPartition(0);
            }
            // The MaxUnavailableStatefulSet gate is off at v1.34, so the field is dropped
            // (dropStatefulSetDisabledFields, pkg/registry/apps/statefulset/strategy.go).
            rolling.setMaxUnavailable(null);
          }
          if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
          }
        },
        "empty selector is invalid for statefulset",
        UpdateStrategies::checkStatefulSet,
        true);
  }

  public static WorkloadStrategy<DaemonSet> daemonSets() {
    return new WorkloadStrategy<>(
        "DaemonSet",
        d -> d.getSpec().getSelector(),
        d -> d.getSpec().getTemplate(),
        d -> null,
        d -> {
          DaemonSetSpec spec = d.getSpec();
          if (spec.getUpdateStrategy() == null) {
            spec.setUpdateStrategy(new DaemonSetUpdateStrategy());
          }
          DaemonSetUpdateStrategy strategy = spec.getUpdateStrategy();
          if (Strings.isNullOrEmpty(strategy.getType())) {
            strategy.setType(UpdateStrategies.ROLLING_UPDATE);
          }
          if (UpdateStrategies.ROLLING_UPDATE.equals(strategy.getType())) {
            if (strategy.getRollingUpdate() == null) {
              strategy.setRollingUpdate(new RollingUpdateDaemonSet());
            }
            RollingUpdateDaemonSet rolling = strategy.getRollingUpdate();
            if (rolling.getMaxUnavailable() == null) {
              rolling.setMaxUnavailable(new IntOrString(1));
            }
            if (rolling.getMaxSurge() == null) {
              rolling.setMaxSurge(new IntOrString(0));
            }
          }
          if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
          }
        },
        "empty selector is invalid for daemonset",
        UpdateStrategies::checkDaemonSet,
        false);
  }

  /**
   * A status write keeps the spec admitted when the object was written: upstream's status
   * strategies validate the status alone, and defaulting the spec again would change the stored
   * object in place. The controllers write their objects' status tens of thousands of times in a
   * large settle.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/registry/apps/deployment/strategy.go">deployment/strategy.go
   *     (deploymentStatusStrategy)</a>
   */
  @Override
  public void admitStatus(T old, T object, UndoLog undo) {}

  @Override
  public void admit(@Nullable T old, T object, UndoLog undo) {
    String name = object.getMetadata().getName();
    List<FieldError> errors = new ArrayList<>();
    if (old == null) {
      Names.dns1123Subdomain("metadata.name", name).ifPresent(errors::add);
    }
    boolean hasSpec;
    try {
      hasSpec = object.getClass().getMethod("getSpec").invoke(object) != null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    if (!hasSpec) {
      errors.add(FieldError.required("spec.selector", ""));
      throw ApiException.invalid(kind, name, errors);
    }
    PodTemplateSpec podTemplate = template.apply(object);
    if (podTemplate != null) {
      PodStrategy.setDefaults(podTemplate);
    }
    defaults.accept(object);
    if (kindChecksFirst) {
      kindChecks.accept(object, errors);
    }
    LabelSelector sel = selector.apply(object);
    if (sel == null) {
      errors.add(FieldError.required("spec.selector", ""));
    } else if ((sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
        && sel.getMatchExpressions().isEmpty()) {
      errors.add(FieldError.invalidLiteral("spec.selector", goSelector(sel), emptySelector));
    }
    if (podTemplate == null || podTemplate.getMetadata() == null) {
      errors.add(FieldError.required("spec.template.metadata.labels", ""));
    } else if (sel != null && !LabelSelectors.matches(sel, podTemplate.getMetadata().getLabels())) {
      errors.add(
          FieldError.invalidLiteral(
              "spec.template.metadata.labels",
              goMap(podTemplate.getMetadata().getLabels()),
              "`selector` does not match template `labels`"));
    }
    Integer count = replicas.apply(object);
    if (count != null && count < 0) {
      errors.add(FieldError.invalid("spec.replicas", count, "must be greater than or equal to 0"));
    }
    if (podTemplate != null && podTemplate.getSpec() != null) {
      PodStrategy.validateSpec("spec.template.spec", podTemplate.getSpec(), errors);
    }
    if (!kindChecksFirst) {
      kindChecks.accept(object, errors);
    }
    if (old != null && !Objects.equals(selector.apply(old), sel)) {
      errors.add(FieldError.invalidLiteral("spec.selector", goSelector(sel), "field is immutable"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(kind, name, errors);
    }
  }

  private static String goMap(@Nullable Map<String, String> map) {
    StringBuilder sb = new StringBuilder("map[string]string{");
    if (map != null) {
      new TreeMap<>(map)
          .forEach(
              (k, v) ->
                  sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ", ")
                      .append('"')
                      .append(k)
                      .append("\":\"")
                      .append(v)
                      .append('"'));
    }
    return sb.append('}').toString();
  }

  private static String goSelector(@Nullable LabelSelector selector) {
    return "v1.LabelSelector{MatchLabels:"
        + goMap(selector == null ? null : selector.getMatchLabels())
        + ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
  }
}
