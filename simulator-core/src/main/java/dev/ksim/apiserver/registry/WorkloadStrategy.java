package dev.ksim.apiserver.registry;

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
import java.util.regex.Pattern;
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

  /** The checks of this kind's own fields, after the shared ones. */
  private final BiConsumer<T, List<FieldError>> kindChecks;

  private WorkloadStrategy(
      String kind,
      Function<T, @Nullable LabelSelector> selector,
      Function<T, @Nullable PodTemplateSpec> template,
      Function<T, @Nullable Integer> replicas,
      Consumer<T> defaults,
      BiConsumer<T, List<FieldError>> kindChecks) {
    this.kind = kind;
    this.selector = selector;
    this.template = template;
    this.replicas = replicas;
    this.defaults = defaults;
    this.kindChecks = kindChecks;
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
          if (spec.getStrategy().getType() == null) {
            spec.getStrategy().setType("RollingUpdate");
          }
          if ("RollingUpdate".equals(spec.getStrategy().getType())) {
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
        WorkloadStrategy::checkRollingUpdate);
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
        (workload, errors) -> {});
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
          if (spec.getPodManagementPolicy() == null) {
            spec.setPodManagementPolicy("OrderedReady");
          }
          if (spec.getUpdateStrategy() == null) {
            spec.setUpdateStrategy(new StatefulSetUpdateStrategy());
          }
          if (spec.getUpdateStrategy().getType() == null) {
            spec.getUpdateStrategy().setType("RollingUpdate");
          }
          if ("RollingUpdate".equals(spec.getUpdateStrategy().getType())
              && spec.getUpdateStrategy().getRollingUpdate() == null) {
            RollingUpdateStatefulSetStrategy rolling = new RollingUpdateStatefulSetStrategy();
            rolling.setPartition(0);
            spec.getUpdateStrategy().setRollingUpdate(rolling);
          }
          if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
          }
        },
        (workload, errors) -> {});
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
          if (spec.getUpdateStrategy().getType() == null) {
            spec.getUpdateStrategy().setType("RollingUpdate");
          }
          if ("RollingUpdate".equals(spec.getUpdateStrategy().getType())
              && spec.getUpdateStrategy().getRollingUpdate() == null) {
            RollingUpdateDaemonSet rolling = new RollingUpdateDaemonSet();
            rolling.setMaxUnavailable(new IntOrString(1));
            rolling.setMaxSurge(new IntOrString(0));
            spec.getUpdateStrategy().setRollingUpdate(rolling);
          }
          if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
          }
        },
        (workload, errors) -> {});
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
    LabelSelector sel = selector.apply(object);
    if (sel == null) {
      errors.add(FieldError.required("spec.selector", ""));
    } else if ((sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
        && sel.getMatchExpressions().isEmpty()) {
      errors.add(
          FieldError.invalidLiteral(
              "spec.selector", goSelector(sel), "empty selector is invalid for deployment"));
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
    kindChecks.accept(object, errors);
    if (old != null && !Objects.equals(selector.apply(old), sel)) {
      errors.add(FieldError.invalidLiteral("spec.selector", goSelector(sel), "field is immutable"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(kind, name, errors);
    }
  }

  /**
   * A Deployment's maxSurge and maxUnavailable: a count not below 0 or a percent string, not both
   * 0, maxUnavailable not above 100%; a bad one is refused here, as upstream's validation refuses
   * it, rather than reaching the Deployment controller.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/apps/validation/validation.go">apps/validation/validation.go
   *     (ValidateRollingUpdateDeployment, ValidatePositiveIntOrPercent)</a>
   */
  private static void checkRollingUpdate(Deployment deployment, List<FieldError> errors) {
    DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    RollingUpdateDeployment rolling = strategy == null ? null : strategy.getRollingUpdate();
    if (rolling == null || !"RollingUpdate".equals(strategy.getType())) {
      return;
    }
    String path = "spec.strategy.rollingUpdate.";
    IntOrString unavailable = orZero(rolling.getMaxUnavailable());
    IntOrString surge = orZero(rolling.getMaxSurge());
    checkIntOrPercent(path + "maxUnavailable", unavailable, errors);
    checkIntOrPercent(path + "maxSurge", surge, errors);
    if (value(unavailable) == 0 && value(surge) == 0) {
      errors.add(
          FieldError.invalidLiteral(
              path + "maxUnavailable",
              goIntOrString(unavailable),
              "may not be 0 when `maxSurge` is 0"));
    }
    if (isPercent(unavailable) && value(unavailable) > 100) {
      errors.add(
          FieldError.invalidLiteral(
              path + "maxUnavailable",
              goIntOrString(unavailable),
              "must not be greater than 100%"));
    }
  }

  private static IntOrString orZero(@Nullable IntOrString value) {
    return value == null ? new IntOrString(0) : value;
  }

  private static void checkIntOrPercent(String path, IntOrString value, List<FieldError> errors) {
    if (value.getStrVal() != null && !isPercent(value)) {
      errors.add(
          FieldError.invalidLiteral(
              path,
              goIntOrString(value),
              "a valid percent string must be a numeric string followed by an ending '%' (e.g."
                  + " '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    } else if (value.getIntVal() != null && value.getIntVal() < 0) {
      errors.add(FieldError.invalid(path, value.getIntVal(), "must be greater than or equal to 0"));
    }
  }

  /** Whether {@code value} is a string of the form {@code [0-9]+%}. */
  private static boolean isPercent(IntOrString value) {
    String text = value.getStrVal();
    return text != null && PERCENT.matcher(text).matches();
  }

  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

  /**
   * The number of a percent or a count, as upstream's getIntOrPercentValue reads it: a percent's
   * digits, else the int, else a string read as strconv.Atoi reads it (so {@code "5"}, refused as a
   * percent, still counts as 5 and {@code "abc"} as 0), a number too big as the largest one.
   */
  private static long value(IntOrString value) {
    String text = value.getStrVal();
    if (text == null) {
      return value.getIntVal() == null ? 0 : value.getIntVal();
    }
    return isPercent(value) ? atoi(text.substring(0, text.length() - 1)) : atoi(text);
  }

  /** strconv.Atoi's value: [+-]digits, saturated when out of range; 0 for anything else. */
  private static long atoi(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return 0;
    }
    boolean negative = text.charAt(0) == '-';
    long number = 0;
    for (int i = Character.isDigit(text.charAt(0)) ? 0 : 1; i < text.length(); i++) {
      int digit = text.charAt(i) - '0';
      number = number > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : number * 10 + digit;
    }
    return negative ? -number : number;
  }

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  /** An IntOrString as Go's %#v prints it in a field error (the type has no value String()). */
  private static String goIntOrString(IntOrString value) {
    boolean text = value.getStrVal() != null;
    return "intstr.IntOrString{Type:"
        + (text ? 1 : 0)
        + ", IntVal:"
        + (text || value.getIntVal() == null ? 0 : value.getIntVal())
        + ", StrVal:"
        + FieldError.goValue(text ? value.getStrVal() : "")
        + "}";
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
