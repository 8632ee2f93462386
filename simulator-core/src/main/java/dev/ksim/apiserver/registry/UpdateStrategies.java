package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.FieldError;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checks of the apps/v1 workloads' update strategies (a Deployment's strategy, a DaemonSet's
 * and a StatefulSet's updateStrategy), worded as upstream's validation words them, with the
 * int-or-percent limits they share.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/apps/validation/validation.go">apps/validation/validation.go</a>
 */
final class UpdateStrategies {
  static final String ROLLING_UPDATE = "RollingUpdate";
  static final String ORDERED_READY = "OrderedReady";
  private static final String RECREATE = "Recreate";
  private static final String ON_DELETE = "OnDelete";

  private UpdateStrategies() {}

  /**
   * A Deployment's strategy: Recreate without a rollingUpdate, RollingUpdate's maxSurge and
   * maxUnavailable a count not below 0 or a percent, not both 0, maxUnavailable not above 100%; a
   * bad one is refused here, as upstream's validation refuses it, rather than reaching the
   * Deployment controller.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/apps/validation/validation.go">apps/validation/validation.go
   *     (ValidateDeploymentStrategy, ValidateRollingUpdateDeployment)</a>
   */
  static void checkDeployment(Deployment deployment, List<FieldError> errors) {
    DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    RollingUpdateDeployment rolling = strategy.getRollingUpdate();
    switch (strategy.getType()) {
      case RECREATE -> {
        if (rolling != null) {
          errors.add(
              FieldError.forbidden(
                  "spec.strategy.rollingUpdate",
                  "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case ROLLING_UPDATE -> {
        Limits limits =
            Limits.checked(
                "spec.strategy.rollingUpdate.",
                rolling.getMaxUnavailable(),
                rolling.getMaxSurge(),
                errors);
        if (value(limits.unavailable()) == 0 && value(limits.surge()) == 0) {
          errors.add(
              FieldError.invalidLiteral(
                  limits.path() + "maxUnavailable",
                  goIntOrString(limits.unavailable()),
                  "may not be 0 when `maxSurge` is 0"));
        }
        checkNotOver100(limits.path() + "maxUnavailable", limits.unavailable(), errors);
      }
      default ->
          errors.add(
              FieldError.notSupportedLiteral(
                  "spec.strategy",
                  goStrategy("Deployment", strategy.getType(), rolling != null),
                  List.of(RECREATE, ROLLING_UPDATE)));
    }
  }

  /**
   * A DaemonSet's update strategy: OnDelete, or RollingUpdate whose maxUnavailable and maxSurge are
   * each a count not below 0 or a percent not above 100%, exactly one of them not 0.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/apps/validation/validation.go">apps/validation/validation.go
   *     (ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet)</a>
   */
  static void checkDaemonSet(DaemonSet daemonSet, List<FieldError> errors) {
    DaemonSetUpdateStrategy strategy = daemonSet.getSpec().getUpdateStrategy();
    RollingUpdateDaemonSet rolling = strategy.getRollingUpdate();
    switch (strategy.getType()) {
      case ON_DELETE -> {}
      case ROLLING_UPDATE -> {
        Limits limits =
            Limits.checked(
                "spec.updateStrategy.rollingUpdate.",
                rolling.getMaxUnavailable(),
                rolling.getMaxSurge(),
                errors);
        checkNotOver100(limits.path() + "maxUnavailable", limits.unavailable(), errors);
        checkNotOver100(limits.path() + "maxSurge", limits.surge(), errors);
        boolean hasUnavailable = value(limits.unavailable()) != 0;
        boolean hasSurge = value(limits.surge()) != 0;
        if (hasUnavailable && hasSurge) {
          errors.add(
              FieldError.invalidLiteral(
                  limits.path() + "maxSurge",
                  goIntOrString(limits.surge()),
                  "may not be set when maxUnavailable is non-zero"));
        } else if (!hasUnavailable && !hasSurge) {
          errors.add(
              FieldError.required(
                  limits.path() + "maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
      }
      default ->
          errors.add(
              FieldError.notSupportedLiteral(
                  "spec.updateStrategy",
                  goStrategy("DaemonSet", strategy.getType(), rolling != null),
                  List.of(ROLLING_UPDATE, ON_DELETE)));
    }
  }

  /**
   * A StatefulSet's pod management policy and update strategy: OnDelete without a rollingUpdate,
   * RollingUpdate's partition not below 0.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/apps/validation/validation.go">apps/validation/validation.go
   *     (ValidateStatefulSetSpec, validateRollingUpdateStatefulSet)</a>
   */
  static void checkStatefulSet(StatefulSet set, List<FieldError> errors) {
    String policy = set.getSpec().getPodManagementPolicy();
    if (!ORDERED_READY.equals(policy) && !"Parallel".equals(policy)) {
      errors.add(
          FieldError.invalid(
              "spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
    }
    StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
    RollingUpdateStatefulSetStrategy rolling = strategy.getRollingUpdate();
    switch (strategy.getType()) {
      case ON_DELETE -> {
        if (rolling != null) {
          // The internal type's partition is an int32 (0 when unset); maxUnavailable was dropped.
          errors.add(
              FieldError.invalidLiteral(
                  "spec.updateStrategy.rollingUpdate",
                  "apps.RollingUpdateStatefulSetStrategy{Partition:"
                      + Objects.requireNonNullElse(rolling.getPartition(), 0)
                      + ", MaxUnavailable:(*intstr.IntOrString)(nil)}",
                  "only allowed for updateStrategy 'RollingUpdate'"));
        }
      }
      case ROLLING_UPDATE -> {
        if (rolling != null && rolling.getPartition() < 0) {
          errors.add(
              FieldError.invalid(
                  "spec.updateStrategy.rollingUpdate.partition",
                  rolling.getPartition(),
                  "must be greater than or equal to 0"));
        }
      }
      default ->
          errors.add(
              FieldError.invalidLiteral(
                  "spec.updateStrategy",
                  goStrategy("StatefulSet", strategy.getType(), rolling != null),
                  "must be 'RollingUpdate' or 'OnDelete'"));
    }
  }

  /**
   * A rolling update's maxUnavailable and maxSurge, 0 when unset, each checked to be a count not
   * below 0 or a percent (ValidatePositiveIntOrPercent): how both kinds' checks begin.
   *
   * @param path the rollingUpdate's path, ending in a dot
   */
  private record Limits(String path, IntOrString unavailable, IntOrString surge) {
    static Limits checked(
        String path,
        @Nullable IntOrString unavailable,
        @Nullable IntOrString surge,
        List<FieldError> errors) {
      Limits limits = new Limits(path, orZero(unavailable), orZero(surge));
      checkIntOrPercent(path + "maxUnavailable", limits.unavailable(), errors);
      checkIntOrPercent(path + "maxSurge", limits.surge(), errors);
      return limits;
    }
  }

  /** IsNotMoreThan100Percent: a percent above 100 is refused, a count is not checked. */
  private static void checkNotOver100(String path, IntOrString value, List<FieldError> errors) {
    if (isPercent(value) && value(value) > 100) {
      errors.add(
          FieldError.invalidLiteral(path, goIntOrString(value), "must not be greater than 100%"));
    }
  }

  /**
   * A strategy of apps' internal types as Go's %#v prints it in a field error, for a workload of
   * {@code kind}: apps.DeploymentStrategy, apps.DaemonSetUpdateStrategy or
   * apps.StatefulSetUpdateStrategy. A rollingUpdate that is set prints as its pointer, whose
   * address changes from run to run of the real apiserver; ksim prints one fixed address so that
   * its output does not.
   */
  private static String goStrategy(String kind, String type, boolean hasRolling) {
    boolean deployment = "Deployment".equals(kind);
    return "apps."
        + kind
        + (deployment ? "Strategy" : "UpdateStrategy")
        + "{Type:"
        + FieldError.goValue(type)
        + ", RollingUpdate:(*apps.RollingUpdate"
        + kind
        + ("StatefulSet".equals(kind) ? "Strategy" : "")
        + ")("
        + (hasRolling ? "0xc000a3c000" : "nil")
        + ")}";
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
}
