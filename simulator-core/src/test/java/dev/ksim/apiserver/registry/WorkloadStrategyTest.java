package dev.ksim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ModelCopy;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.apiserver.UndoLog;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Deployment defaulting and validation (pkg/apis/apps/v1/defaults.go, apps/validation). */
class WorkloadStrategyTest {
  private final ApiStore store = newStore();

  private static ApiStore newStore() {
    ApiStore store =
        new ApiStore(new EventLoop(new SimClock()), new SimRandom(1), Duration.ZERO, Duration.ZERO);
    store.setAdmission(ResourceType.DEPLOYMENT, WorkloadStrategy.deployments());
    store.setAdmission(ResourceType.DAEMON_SET, WorkloadStrategy.daemonSets());
    store.setAdmission(ResourceType.STATEFUL_SET, WorkloadStrategy.statefulSets());
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    return store;
  }

  private Deployment create(String spec) {
    return create(ResourceType.DEPLOYMENT, spec);
  }

  /** Creates a workload named web of {@code type} whose spec is {@code spec}. */
  private <T extends HasMetadata> T create(ResourceType<T> type, String spec) {
    String yaml =
        "apiVersion: apps/v1\nkind: "
            + type.kind()
            + "\nmetadata:\n  name: web\nspec:\n"
            + spec.stripIndent().indent(2);
    return store.create(
        type,
        type.modelClass().cast(ManifestLoader.parse("w.yaml", yaml).objects().get(0).object()));
  }

  private static final String TEMPLATE =
      """
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx}]
      """;

  /**
   * A status write keeps the admitted spec, the very object, unchanged and unvalidated again, as
   * the status strategies do; the deployment reads back the status written and its generation.
   */
  @Test
  void aStatusWriteKeepsTheAdmittedSpec() {
    Deployment created = create("selector: {matchLabels: {app: web}}\n" + TEMPLATE);
    Deployment admitted = ModelCopy.of(created);

    Deployment written =
        store.modifyStatus(
            ResourceType.DEPLOYMENT,
            "default",
            "web",
            d -> {
              d.setStatus(new DeploymentStatus());
              d.getStatus().setReplicas(1);
            });

    assertThat(written.getSpec()).isSameAs(created.getSpec()).isEqualTo(admitted.getSpec());
    assertThat(written.getStatus().getReplicas()).isEqualTo(1);
    assertThat(written.getMetadata().getGeneration()).isEqualTo(1L);
  }

  /** What a status write is admitted by: not the spec's checks, which refuse this spec. */
  @Test
  void aStatusWriteIsNotAdmittedAsASpecChange() {
    Deployment stored = create("selector: {matchLabels: {app: web}}\n" + TEMPLATE);
    Deployment written = ModelCopy.of(stored);
    written.getSpec().setSelector(null);
    WorkloadStrategy<Deployment> strategy = WorkloadStrategy.deployments();

    assertThatThrownBy(() -> strategy.admit(stored, ModelCopy.of(written), new UndoLog()))
        .isInstanceOf(ApiException.class);
    strategy.admitStatus(stored, written, new UndoLog());
    assertThat(written.getSpec().getSelector()).isNull();
  }

  @Test
  void defaultsReplicasStrategyAndHistory() {
    Deployment d = create("selector: {matchLabels: {app: web}}\n" + TEMPLATE);

    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal())
        .isEqualTo("25%");
    assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
        .isEqualTo("Always");
  }

  @Test
  void requiresASelector() {
    assertThatThrownBy(() -> create(TEMPLATE))
        .hasMessageContaining("spec.selector: Required value");
  }

  @Test
  void selectorMustMatchTheTemplateLabels() {
    assertThatThrownBy(() -> create("selector: {matchLabels: {app: other}}\n" + TEMPLATE))
        .hasMessage(
            "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value:"
                + " map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
  }

  @Test
  void replicasMayNotBeNegative() {
    assertThatThrownBy(
            () -> create("replicas: -1\nselector: {matchLabels: {app: web}}\n" + TEMPLATE))
        .hasMessageContaining(
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
  }

  private void createWithRollingUpdate(String surge, String unavailable) {
    create(
        "selector: {matchLabels: {app: web}}\nstrategy:\n  rollingUpdate: {maxSurge: "
            + surge
            + ", maxUnavailable: "
            + unavailable
            + "}\n"
            + TEMPLATE);
  }

  /** The whole error of a maxSurge of {@code text}, which is not a percent (IsValidPercent's). */
  private static String notAPercent(String text) {
    return "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value:"
        + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\""
        + text
        + "\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g."
        + " '1%',  or '93%', regex used for validation is '[0-9]+%')";
  }

  /**
   * maxSurge and maxUnavailable are refused as upstream's ValidateRollingUpdateDeployment refuses
   * them (pkg/apis/apps/validation/validation.go, v1.34.2), the value printed as Go's %#v prints an
   * intstr.IntOrString, rather than reaching the controller as text it cannot read.
   */
  @Test
  void rollingUpdateLimitsAreValidated() {
    assertThatThrownBy(() -> createWithRollingUpdate("abc%", "25%"))
        .hasMessage(notAPercent("abc%"));
    assertThatThrownBy(() -> createWithRollingUpdate("1", "-1"))
        .hasMessageContaining(
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or"
                + " equal to 0");
    assertThatThrownBy(() -> createWithRollingUpdate("0%", "0"))
        .hasMessageContaining(
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0,"
                + " IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
    assertThatThrownBy(() -> createWithRollingUpdate("1", "101%"))
        .hasMessageContaining(
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1,"
                + " IntVal:0, StrVal:\"101%\"}: must not be greater than 100%");
    assertThatThrownBy(() -> createWithRollingUpdate("1", "99999999999999999999%"))
        .hasMessageContaining("must not be greater than 100%");

    assertThatThrownBy(() -> createWithRollingUpdate("'5'", "0")).hasMessage(notAPercent("5"));

    createWithRollingUpdate("99999999999999999999%", "100%");
    assertThat(store.get(ResourceType.DEPLOYMENT, "default", "web")).isPresent();
  }

  /** ValidateDeploymentStrategy (pkg/apis/apps/validation/validation.go, v1.34.2). */
  @Test
  void recreateTakesNoRollingUpdate() {
    assertThatThrownBy(
            () ->
                create(
                    "selector: {matchLabels: {app: web}}\n"
                        + "strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}\n"
                        + TEMPLATE))
        .hasMessage(
            "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be"
                + " specified when strategy `type` is 'Recreate'");

    Deployment recreate =
        create("selector: {matchLabels: {app: web}}\nstrategy: {type: Recreate}\n" + TEMPLATE);
    assertThat(recreate.getSpec().getStrategy().getRollingUpdate()).isNull();
  }

  /**
   * An unknown strategy type is refused with the strategy printed as Go's %#v prints apps' internal
   * struct; an empty one is defaulted, as SetDefaults_Deployment defaults it.
   */
  @Test
  void aStrategyTypeIsRecreateOrRollingUpdate() {
    assertThatThrownBy(
            () ->
                create("selector: {matchLabels: {app: web}}\nstrategy: {type: Blue}\n" + TEMPLATE))
        .hasMessage(
            "The Deployment \"web\" is invalid: spec.strategy: Unsupported value:"
                + " apps.DeploymentStrategy{Type:\"Blue\","
                + " RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values:"
                + " \"Recreate\", \"RollingUpdate\"");

    Deployment defaulted =
        create("selector: {matchLabels: {app: web}}\nstrategy: {type: ''}\n" + TEMPLATE);
    assertThat(defaulted.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(defaulted.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
  }

  private DaemonSet createDaemonSet(String updateStrategy) {
    return create(
        ResourceType.DAEMON_SET,
        "selector: {matchLabels: {app: web}}\nupdateStrategy: " + updateStrategy + "\n" + TEMPLATE);
  }

  /** The whole error of a DaemonSet whose update strategy is refused with {@code errors}. */
  private static String daemonSetInvalid(String errors) {
    return "The DaemonSet \"web\" is invalid: " + errors;
  }

  /**
   * SetDefaults_DaemonSet defaults maxUnavailable and maxSurge each on its own, so a maxSurge given
   * alone meets a maxUnavailable of 1.
   */
  @Test
  void daemonSetLimitsAreDefaultedOneByOne() {
    assertThatThrownBy(() -> createDaemonSet("{rollingUpdate: {maxSurge: 1}}"))
        .hasMessage(
            daemonSetInvalid(
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value:"
                    + " intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when"
                    + " maxUnavailable is non-zero"));

    RollingUpdateDaemonSet defaulted =
        createDaemonSet("{}").getSpec().getUpdateStrategy().getRollingUpdate();
    assertThat(defaulted.getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(defaulted.getMaxSurge().getIntVal()).isZero();
  }

  /**
   * ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet (v1.34.2): exactly one limit
   * not 0, each a count not below 0 or a percent not above 100%, the type RollingUpdate or
   * OnDelete.
   */
  @Test
  void daemonSetUpdateStrategyIsValidated() {
    assertThatThrownBy(() -> createDaemonSet("{rollingUpdate: {maxUnavailable: 0}}"))
        .hasMessage(
            daemonSetInvalid(
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0"
                    + " when maxSurge is 0"));
    assertThatThrownBy(
            () -> createDaemonSet("{rollingUpdate: {maxUnavailable: 0, maxSurge: 101%}}"))
        .hasMessage(
            daemonSetInvalid(
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value:"
                    + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater"
                    + " than 100%"));
    assertThatThrownBy(() -> createDaemonSet("{rollingUpdate: {maxUnavailable: -1}}"))
        .hasMessage(
            daemonSetInvalid(
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be"
                    + " greater than or equal to 0"));
    assertThatThrownBy(() -> createDaemonSet("{rollingUpdate: {maxUnavailable: abc%}}"))
        .hasMessageContaining(
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value:"
                + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc%\"}: a valid percent string"
                + " must be");
    assertThatThrownBy(() -> createDaemonSet("{type: Blue}"))
        .hasMessage(
            daemonSetInvalid(
                "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Blue\","
                    + " RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values:"
                    + " \"RollingUpdate\", \"OnDelete\""));

    createDaemonSet("{type: OnDelete, rollingUpdate: {maxSurge: 1}}");
    store.remove(new ObjectKey(ResourceType.DAEMON_SET, "default", "web"));
    createDaemonSet("{rollingUpdate: {maxUnavailable: 0, maxSurge: 100%}}");
    assertThat(store.get(ResourceType.DAEMON_SET, "default", "web")).isPresent();
  }

  private StatefulSet createStatefulSet(String fields) {
    return create(
        ResourceType.STATEFUL_SET,
        "selector: {matchLabels: {app: web}}\n" + fields + "\n" + TEMPLATE);
  }

  /**
   * SetDefaults_StatefulSet brings a rollingUpdate only with a defaulted type, and fills the
   * partition of one given; maxUnavailable is dropped while its feature gate is off (v1.34).
   */
  @Test
  void statefulSetStrategyDefaults() {
    assertThat(
            createStatefulSet("").getSpec().getUpdateStrategy().getRollingUpdate().getPartition())
        .isZero();
    store.remove(new ObjectKey(ResourceType.STATEFUL_SET, "default", "web"));
    assertThat(
            createStatefulSet("updateStrategy: {type: RollingUpdate}")
                .getSpec()
                .getUpdateStrategy()
                .getRollingUpdate())
        .isNull();
    store.remove(new ObjectKey(ResourceType.STATEFUL_SET, "default", "web"));
    StatefulSet given = createStatefulSet("updateStrategy: {rollingUpdate: {maxUnavailable: 2}}");
    assertThat(given.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
    assertThat(given.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable()).isNull();
    assertThat(given.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
  }

  /** ValidateStatefulSetSpec and validateRollingUpdateStatefulSet (v1.34.2). */
  @Test
  void statefulSetStrategyIsValidated() {
    assertThatThrownBy(() -> createStatefulSet("updateStrategy: {rollingUpdate: {partition: -1}}"))
        .hasMessage(
            "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate.partition:"
                + " Invalid value: -1: must be greater than or equal to 0");
    assertThatThrownBy(
            () ->
                createStatefulSet(
                    "updateStrategy: {type: OnDelete, rollingUpdate: {partition: 2}}"))
        .hasMessage(
            "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate: Invalid"
                + " value: apps.RollingUpdateStatefulSetStrategy{Partition:2,"
                + " MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy"
                + " 'RollingUpdate'");
    assertThatThrownBy(() -> createStatefulSet("updateStrategy: {type: Blue}"))
        .hasMessage(
            "The StatefulSet \"web\" is invalid: spec.updateStrategy: Invalid value:"
                + " apps.StatefulSetUpdateStrategy{Type:\"Blue\","
                + " RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be"
                + " 'RollingUpdate' or 'OnDelete'");
    assertThatThrownBy(() -> createStatefulSet("podManagementPolicy: Eager"))
        .hasMessage(
            "The StatefulSet \"web\" is invalid: spec.podManagementPolicy: Invalid value:"
                + " \"Eager\": must be 'OrderedReady' or 'Parallel'");
    // ValidateStatefulSetSpec checks the policy before the replicas, unlike the shared checks'
    // order
    assertThatThrownBy(() -> createStatefulSet("podManagementPolicy: Eager\nreplicas: -1"))
        .hasMessage(
            "The StatefulSet \"web\" is invalid: [spec.podManagementPolicy: Invalid value:"
                + " \"Eager\": must be 'OrderedReady' or 'Parallel', spec.replicas: Invalid value:"
                + " -1: must be greater than or equal to 0]");
    assertThatThrownBy(
            () ->
                create(
                    ResourceType.STATEFUL_SET,
                    "selector: {matchLabels: {}}\n" + TEMPLATE.replace("{app: web}", "{}")))
        .hasMessageContaining(": empty selector is invalid for statefulset");

    createStatefulSet("updateStrategy: {type: OnDelete}\npodManagementPolicy: Parallel");
    assertThat(store.get(ResourceType.STATEFUL_SET, "default", "web")).isPresent();
  }

  @Test
  void containersNeedAnImage() {
    assertThatThrownBy(
            () ->
                create(
                    """
                    selector: {matchLabels: {app: web}}
                    template:
                      metadata: {labels: {app: web}}
                      spec:
                        containers: [{name: web}]
                    """))
        .hasMessageContaining("spec.template.spec.containers[0].image: Required value");
  }
}
