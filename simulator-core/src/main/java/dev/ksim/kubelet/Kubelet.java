package dev.ksim.kubelet;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cni.HostLocalIpam;
import dev.ksim.cni.NetworkPlugin;
import dev.ksim.config.Latencies;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.image.ListeningPort;
import dev.ksim.net.IpAddress;
import dev.ksim.record.EventRecorder;
import dev.ksim.record.EventType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node's kubelet. A pod bound to the node starts after the container start latency with an
 * address from the node's pod range (host-network pods share the node's address); it becomes Ready
 * at once, or, with readiness probes, after their initialDelaySeconds when each probe's port is
 * listened on (a probe of a port nothing listens on keeps the pod not ready). A deleted pod's
 * containers stop within its grace period, then the pod is removed and its address released. A pod
 * given with an address keeps its given state: running, or Pending and not ready. When a pod has
 * its addresses, the network plugin gives it its network namespace (CNI ADD); when it is removed,
 * the namespace goes (CNI DEL).
 *
 * <p>It records the kubelet's events on the pod: Pulled, Created and Started per container, Killing
 * when a running pod is deleted, FailedMount or Failed while a pod is held.
 *
 * <p>A container whose process exits at start (see {@link ContainerProcesses}) is restarted as
 * kubelet's restart policy Always does, after a back-off of 10 s doubling to 5 min; meanwhile it
 * waits in {@code CrashLoopBackOff} with its restart count and its last exit, and its pod is not
 * ready. Each start's output is kept for {@code kubectl logs} (the previous one for {@code
 * --previous}).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/kubelet/kuberuntime/kuberuntime_container.go">kuberuntime_container.go
 *     (startContainer's and killContainer's events)</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/kubelet/kubelet.go">pkg/kubelet/kubelet.go
 *     backOffPeriod, MaxContainerBackOff</a>
 */
public final class Kubelet {
  private final ApiStore store;
  private final String nodeName;
  private final List<String> nodeIps;

  /**
   * The node's addresses as a pod's status lists them, built once and shared by the statuses of
   * every pod this kubelet starts, as the store never changes an object it keeps in place (100,000
   * pods held 100,000 copies).
   */
  private final List<HostIP> hostIps;

  /** The name of this kubelet's pod starts in the event loop, the same for every pod. */
  private final String startLabel;

  private final List<HostLocalIpam> ipams;
  private final Latencies latencies;
  private final ImageCatalogue images;
  private final NetworkPlugin network;
  private final Set<ObjectKey> starting = new HashSet<>();
  private final Set<ObjectKey> stopping = new HashSet<>();
  private final Set<ObjectKey> held = new TreeSet<>();
  private final ContainerConfig config;
  private final EventRecorder recorder;
  private final ContainerProcesses processes;
  private final ContainerLogs logs;
  private final Map<ObjectKey, Integer> restarts = new HashMap<>();

  /**
   * The field path and the Created and Started messages of the events about a container: the same
   * for every pod's container of one name, so built once, and the three events of each of a node's
   * pods share them instead of holding copies (100,000 pods keep 300,000 such events).
   */
  private record ContainerTexts(String fieldPath, String created, String started) {}

  /** Each container name's {@link ContainerTexts}. */
  private final Map<String, ContainerTexts> containerTexts = new HashMap<>();

  /** Each image's Pulled message, shared likewise. */
  private final Map<String, String> pulledMessages = new HashMap<>();

  /** The digest of container ids, reused: a kubelet runs on its cluster's one thread. */
  private final MessageDigest sha256;

  /** The scheme of the container ids containerd gives. */
  private static final String CONTAINERD = "containerd://";

  /** kubelet's first restart back-off ({@code backOffPeriod}). */
  static final Duration BACK_OFF = Duration.ofSeconds(10);

  /** kubelet's longest restart back-off ({@code MaxContainerBackOff}). */
  static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);

  public Kubelet(
      ApiStore store,
      String nodeName,
      List<String> nodeIps,
      List<HostLocalIpam> ipams,
      Latencies latencies,
      ImageCatalogue images,
      NetworkPlugin network,
      ContainerProcesses processes,
      ContainerLogs logs) {
    this.store = store;
    this.nodeName = nodeName;
    this.nodeIps = List.copyOf(nodeIps);
    this.hostIps = this.nodeIps.stream().map(HostIP::new).toList();
    this.startLabel = "kubelet " + nodeName + " start";
    this.ipams = List.copyOf(ipams);
    this.latencies = latencies;
    this.images = images;
    this.config = new ContainerConfig(store);
    this.network = network;
    this.recorder = new EventRecorder(store, "kubelet", nodeName);
    this.processes = processes;
    this.logs = logs;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public String nodeName() {
    return nodeName;
  }

  /** Reacts to the current state of a pod bound to this node. */
  void observe(Pod pod) {
    ObjectKey key = ObjectKey.of(ResourceType.POD, pod);
    if (PodUtil.isTerminating(pod)) {
      if (stopping.add(key)) {
        recordKilling(pod);
        pod.getSpec().getContainers().forEach(c -> processes.stop(nodeName, pod, c));
        long grace =
            pod.getMetadata().getDeletionGracePeriodSeconds() == null
                ? 0
                : pod.getMetadata().getDeletionGracePeriodSeconds();
        Duration stop = min(latencies.containerStop(), Duration.ofSeconds(grace));
        store.loop().schedule(stop, "kubelet " + nodeName + " kill " + key, () -> finish(key));
      }
      return;
    }
    boolean hasIp = !PodUtil.podIp(pod).isEmpty();
    if (hasIp && (!"Pending".equals(PodUtil.phase(pod)) || givenNotReady(pod))) {
      // a pod this kubelet started holds addresses it reserved or allocated then (its later
      // changes, a status write each, need not parse them again)
      if (!starting.contains(key)) {
        reserveGivenIps(pod);
      }
      setUpNetwork(pod);
      return;
    }
    if (starting.add(key)) {
      reserveGivenIps(pod);
      store.loop().schedule(latencies.containerStart(), startLabel, key, () -> start(key));
    }
  }

  /**
   * A pod given as Pending with an address and {@code Ready: False}: its sandbox runs but its
   * containers do not (an image that cannot be pulled, say). It is state the cluster holds, kept as
   * given.
   */
  private static boolean givenNotReady(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void reserveGivenIps(Pod pod) {
    if (pod.getStatus() == null || Listeners.isHostNetwork(pod)) {
      return;
    }
    for (PodIP ip : pod.getStatus().getPodIPs()) {
      IpAddress.tryParse(ip.getIp()).ifPresent(this::reserve);
    }
    IpAddress.tryParse(PodUtil.podIp(pod)).ifPresent(this::reserve);
  }

  /** The CNI ADD for a pod that has its addresses (not for host-network pods). */
  private void setUpNetwork(Pod pod) {
    if (Listeners.isHostNetwork(pod)) {
      return;
    }
    network.setUpPod(nodeName, pod);
  }

  private void reserve(IpAddress address) {
    for (HostLocalIpam ipam : ipams) {
      ipam.reserve(address);
    }
  }

  private void start(ObjectKey key) {
    Optional<Pod> found = store.get(key);
    if (found.isEmpty() || PodUtil.isTerminating(found.get())) {
      return;
    }
    Pod pod = found.get();
    Optional<ContainerConfig.Hold> hold = config.check(pod);
    if (hold.isPresent()) {
      hold(key, pod, hold.get());
      return;
    }
    held.remove(key);
    List<String> ips = addressesFor(pod);
    String now = store.loop().clock().timestamp();
    Optional<Crash> crash = startProcesses(pod);
    if (crash.isPresent()) {
      crashLoop(key, ips, crash.get(), now);
      return;
    }
    boolean probed = false;
    for (Container container : pod.getSpec().getContainers()) {
      probed |= container.getReadinessProbe() != null;
    }
    boolean ready = !probed;
    store.replaceStatus(
        ResourceType.POD,
        key.namespace(),
        key.name(),
        p -> {
          PodStatus status = p.getStatus();
          status.setPhase("Running");
          status.setHostIP(nodeIps.isEmpty() ? null : nodeIps.get(0));
          status.setHostIPs(hostIps);
          if (!ips.isEmpty()) {
            status.setPodIP(ips.get(0));
            status.setPodIPs(podIps(ips));
          }
          status.setStartTime(now);
          status.setContainerStatuses(
              withRestarts(containerStatuses(p, ready, now), restarts.getOrDefault(key, 0)));
          setConditions(p, ready, now);
        });
    store.<Pod>get(key).ifPresent(this::setUpNetwork);
    for (Container container : pod.getSpec().getContainers()) {
      ContainerTexts texts = texts(container);
      recorder.event(pod, texts.fieldPath(), EventType.NORMAL, "Pulled", pulledMessage(container));
      recorder.event(pod, texts.fieldPath(), EventType.NORMAL, "Created", texts.created());
      recorder.event(pod, texts.fieldPath(), EventType.NORMAL, "Started", texts.started());
    }
    if (probed) {
      long delay =
          pod.getSpec().getContainers().stream()
              .map(Container::getReadinessProbe)
              .filter(Objects::nonNull)
              .mapToLong(
                  pr -> pr.getInitialDelaySeconds() == null ? 0 : pr.getInitialDelaySeconds())
              .max()
              .orElse(0);
      store
          .loop()
          .schedule(
              Duration.ofSeconds(delay), "kubelet " + nodeName + " probe " + key, () -> probe(key));
    }
  }

  /** A container whose process exited at start. */
  private record Crash(String container, int exitCode) {}

  /** Starts the containers' processes, keeping what each printed; the first that exited, if any. */
  private Optional<Crash> startProcesses(Pod pod) {
    Crash crash = null;
    for (Container container : pod.getSpec().getContainers()) {
      ProcessStart run = processes.start(nodeName, pod, container);
      logs.started(
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          container.getName(),
          run.log());
      if (!run.running() && crash == null) {
        crash = new Crash(container.getName(), run.exitCode());
      }
    }
    return Optional.ofNullable(crash);
  }

  /**
   * A container exited at start: the pod runs but is not ready, the container waits in {@code
   * CrashLoopBackOff} with its last exit, and kubelet starts it again after the back-off. The
   * retries are background work: a crash-looping pod does not keep the cluster from being quiet.
   */
  private void crashLoop(ObjectKey key, List<String> ips, Crash crash, String now) {
    int restartCount = restarts.getOrDefault(key, 0);
    Duration backOff = backOff(restartCount);
    store.modifyStatus(
        ResourceType.POD,
        key.namespace(),
        key.name(),
        p -> {
          PodStatus status = p.getStatus();
          status.setPhase("Running");
          status.setHostIP(nodeIps.isEmpty() ? null : nodeIps.get(0));
          status.setHostIPs(hostIps);
          if (!ips.isEmpty()) {
            status.setPodIP(ips.get(0));
            status.setPodIPs(podIps(ips));
          }
          status.setStartTime(status.getStartTime() == null ? now : status.getStartTime());
          List<ContainerStatus> statuses = new ArrayList<>();
          for (ContainerStatus s : withRestarts(containerStatuses(p, false, now), restartCount)) {
            if (s.getName().equals(crash.container())) {
              s.setReady(false);
              s.setStarted(false);
              s.setLastState(
                  new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                      .withNewTerminated()
                      .withExitCode(crash.exitCode())
                      .withReason("Error")
                      .withStartedAt(now)
                      .withFinishedAt(now)
                      .withContainerID(s.getContainerID())
                      .endTerminated()
                      .build());
              s.setState(
                  new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                      .withNewWaiting()
                      .withReason("CrashLoopBackOff")
                      .withMessage(
                          "back-off "
                              + goDuration(backOff)
                              + " restarting failed container="
                              + crash.container()
                              + " pod="
                              + key.name()
                              + "_"
                              + key.namespace()
                              + "("
                              + p.getMetadata().getUid()
                              + ")")
                      .endWaiting()
                      .build());
            }
            statuses.add(s);
          }
          status.setContainerStatuses(statuses);
          setConditions(p, false, now);
        });
    store
        .loop()
        .scheduleBackground(
            backOff,
            "kubelet " + nodeName + " restart " + key,
            () -> {
              if (restarts.getOrDefault(key, 0) == restartCount && !stopping.contains(key)) {
                restarts.put(key, restartCount + 1);
                start(key);
              }
            });
  }

  /** kubelet's back-off before restart number {@code restartCount + 1}: 10 s doubling to 5 min. */
  static Duration backOff(int restartCount) {
    Duration backOff = BACK_OFF;
    for (int i = 0; i < restartCount && backOff.compareTo(MAX_BACK_OFF) < 0; i++) {
      backOff = backOff.multipliedBy(2);
    }
    return backOff.compareTo(MAX_BACK_OFF) < 0 ? backOff : MAX_BACK_OFF;
  }

  /** A whole-second back-off as Go prints a duration ({@code 10s}, {@code 1m20s}, {@code 5m0s}). */
  private static String goDuration(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
  }

  private static List<ContainerStatus> withRestarts(List<ContainerStatus> statuses, int count) {
    statuses.forEach(s -> s.setRestartCount(count));
    return statuses;
  }

  /**
   * Keeps {@code pod} from starting until the Secret or ConfigMap it needs exists: Pending, its
   * containers waiting with the kubelet's reason, with an address only when its volumes are mounted
   * (the sandbox exists and the environment is what is missing).
   */
  private void hold(ObjectKey key, Pod pod, ContainerConfig.Hold hold) {
    held.add(key);
    recordHold(pod, hold);
    List<String> ips = hold.hasSandbox() ? addressesFor(pod) : List.of();
    String now = store.loop().clock().timestamp();
    store.modifyStatus(
        ResourceType.POD,
        key.namespace(),
        key.name(),
        p -> {
          PodStatus status = p.getStatus();
          status.setPhase("Pending");
          status.setHostIP(nodeIps.isEmpty() ? null : nodeIps.get(0));
          status.setHostIPs(hostIps);
          if (!ips.isEmpty()) {
            status.setPodIP(ips.get(0));
            status.setPodIPs(podIps(ips));
          }
          status.setStartTime(status.getStartTime() == null ? now : status.getStartTime());
          status.setContainerStatuses(
              p.getSpec().getContainers().stream()
                  .map(
                      c ->
                          new ContainerStatusBuilder()
                              .withName(c.getName())
                              .withImage(c.getImage())
                              .withImageID("")
                              .withReady(false)
                              .withStarted(false)
                              .withRestartCount(0)
                              .withNewState()
                              .withNewWaiting()
                              .withReason(hold.reason())
                              .withMessage(hold.hasSandbox() ? hold.message() : null)
                              .endWaiting()
                              .endState()
                              .build())
                  .toList());
          List<PodCondition> conditions = new ArrayList<>();
          conditions.add(
              condition(p, "PodReadyToStartContainers", hold.hasSandbox() ? "True" : "False", now));
          conditions.add(condition(p, "Initialized", "True", now));
          conditions.add(notReady(p, "Ready", now));
          conditions.add(notReady(p, "ContainersReady", now));
          conditions.add(
              PodUtil.condition(p, "PodScheduled")
                  .orElse(condition(p, "PodScheduled", "True", now)));
          status.setConditions(conditions);
        });
  }

  /**
   * The events of a held pod: FailedMount for a volume, or, for an environment, the image found and
   * the container's creation failing (reason Failed, "Error: ..."), as the kubelet records them on
   * each retry.
   */
  private void recordHold(Pod pod, ContainerConfig.Hold hold) {
    String containerName = hold.container();
    if (containerName == null) {
      recorder.event(pod, EventType.WARNING, "FailedMount", hold.failedMountMessage());
      return;
    }
    for (Container container : pod.getSpec().getContainers()) {
      if (container.getName().equals(containerName)) {
        String fieldPath = texts(container).fieldPath();
        recorder.event(pod, fieldPath, EventType.NORMAL, "Pulled", pulledMessage(container));
        recorder.event(pod, fieldPath, EventType.WARNING, "Failed", "Error: " + hold.message());
      }
    }
  }

  /** Killing events for the running containers of a pod being deleted. */
  private void recordKilling(Pod pod) {
    if (pod.getStatus() == null) {
      return;
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status.getState() != null && status.getState().getRunning() != null) {
        pod.getSpec().getContainers().stream()
            .filter(c -> c.getName().equals(status.getName()))
            .forEach(
                c ->
                    recorder.event(
                        pod,
                        texts(c).fieldPath(),
                        EventType.NORMAL,
                        "Killing",
                        "Stopping container " + c.getName()));
      }
    }
  }

  /** The texts of the events about a container named {@code name}. */
  private ContainerTexts texts(Container container) {
    return containerTexts.computeIfAbsent(
        container.getName(),
        name ->
            new ContainerTexts(
                "spec.containers{" + name + "}",
                "Created container: " + name,
                "Started container " + name));
  }

  /**
   * Every image is on every simulated node: the kubelet's message for an image it need not pull.
   */
  private String pulledMessage(Container container) {
    return pulledMessages.computeIfAbsent(
        container.getImage(),
        image ->
            "Container image \""
                + image
                + "\" already present on machine and can be accessed by the pod");
  }

  /** A Ready or ContainersReady condition false because no container runs. */
  private static PodCondition notReady(Pod pod, String type, String now) {
    PodCondition condition = condition(pod, type, "False", now);
    condition.setMessage(
        "containers with unready status: ["
            + String.join(
                " ", pod.getSpec().getContainers().stream().map(Container::getName).toList())
            + "]");
    return condition;
  }

  /** Tries again to start the pods held for a missing Secret or ConfigMap. */
  void retryHeld() {
    for (ObjectKey key : List.copyOf(held)) {
      store
          .loop()
          .schedule(
              latencies.containerStart(),
              "kubelet " + nodeName + " start " + key,
              () -> {
                if (held.contains(key)) {
                  start(key);
                }
              });
    }
  }

  /** The pod's addresses as its status lists them; a loop, as each pod's start makes them. */
  private static List<PodIP> podIps(List<String> ips) {
    PodIP[] listed = new PodIP[ips.size()];
    for (int i = 0; i < listed.length; i++) {
      listed[i] = new PodIP(ips.get(i));
    }
    return List.of(listed);
  }

  private List<String> addressesFor(Pod pod) {
    if (Listeners.isHostNetwork(pod)) {
      return nodeIps;
    }
    List<String> given = new ArrayList<>();
    if (pod.getStatus() != null) {
      pod.getStatus().getPodIPs().forEach(ip -> given.add(ip.getIp()));
      if (given.isEmpty() && !PodUtil.podIp(pod).isEmpty()) {
        given.add(PodUtil.podIp(pod));
      }
    }
    if (!given.isEmpty()) {
      return given;
    }
    List<String> ips = new ArrayList<>();
    for (HostLocalIpam ipam : ipams) {
      ipam.allocate().ifPresent(ip -> ips.add(ip.toString()));
    }
    return ips;
  }

  private void probe(ObjectKey key) {
    Optional<Pod> found = store.get(key);
    if (found.isEmpty() || PodUtil.isTerminating(found.get()) || PodUtil.isReady(found.get())) {
      return;
    }
    Pod pod = found.get();
    boolean ready = pod.getSpec().getContainers().stream().allMatch(c -> probeSucceeds(pod, c));
    if (!ready) {
      return;
    }
    String now = store.loop().clock().timestamp();
    store.modifyStatus(
        ResourceType.POD,
        key.namespace(),
        key.name(),
        p -> {
          p.getStatus().setContainerStatuses(containerStatuses(p, true, startedAt(p, now)));
          setConditions(p, true, now);
        });
  }

  private static String startedAt(Pod pod, String fallback) {
    return pod.getStatus().getStartTime() == null ? fallback : pod.getStatus().getStartTime();
  }

  /**
   * A probe succeeds when its port is listened on (the image catalogue says which are); exec probes
   * always succeed.
   */
  private boolean probeSucceeds(Pod pod, Container container) {
    Probe probe = container.getReadinessProbe();
    if (probe == null) {
      return true;
    }
    Set<Integer> listening = new TreeSet<>();
    images.ports(pod, container).stream().map(ListeningPort::port).forEach(listening::add);
    if (probe.getHttpGet() != null) {
      return Listeners.resolve(container, probe.getHttpGet().getPort())
          .map(listening::contains)
          .orElse(false);
    }
    if (probe.getTcpSocket() != null) {
      return Listeners.resolve(container, probe.getTcpSocket().getPort())
          .map(listening::contains)
          .orElse(false);
    }
    return true;
  }

  /**
   * The running containers' statuses, set field by field (the builders cost a good part of a pod's
   * start at 100,000 pods).
   */
  private List<ContainerStatus> containerStatuses(Pod pod, boolean ready, String startedAt) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      ContainerState state = new ContainerState();
      state.setRunning(new ContainerStateRunning(startedAt));
      ContainerStatus status = new ContainerStatus();
      status.setName(container.getName());
      status.setImage(container.getImage());
      status.setImageID(container.getImage());
      status.setContainerID(containerId(pod, container));
      status.setReady(ready || container.getReadinessProbe() == null);
      status.setStarted(true);
      status.setRestartCount(0);
      status.setState(state);
      statuses.add(status);
    }
    return statuses;
  }

  /**
   * {@code containerd://} and the hex SHA-256 of the pod's uid and the container's name, as
   * containerd's ids look; the hex written after the prefix, not into a string of its own.
   */
  private String containerId(Pod pod, Container container) {
    String seed = pod.getMetadata().getUid() + "/" + container.getName();
    byte[] digest = sha256.digest(seed.getBytes(StandardCharsets.UTF_8));
    StringBuilder id =
        new StringBuilder(CONTAINERD.length() + 2 * digest.length).append(CONTAINERD);
    return HexFormat.of().formatHex(id, digest).toString();
  }

  private static void setConditions(Pod pod, boolean ready, String now) {
    List<PodCondition> conditions = new ArrayList<>();
    Optional<PodCondition> scheduled = PodUtil.condition(pod, "PodScheduled");
    conditions.add(condition(pod, "PodReadyToStartContainers", "True", now));
    conditions.add(condition(pod, "Initialized", "True", now));
    conditions.add(condition(pod, "Ready", ready ? "True" : "False", now));
    conditions.add(condition(pod, "ContainersReady", ready ? "True" : "False", now));
    conditions.add(scheduled.orElseGet(() -> condition(pod, "PodScheduled", "True", now)));
    pod.getStatus().setConditions(conditions);
  }

  private static PodCondition condition(Pod pod, String type, String status, String now) {
    PodCondition previous = PodUtil.condition(pod, type).orElse(null);
    String transition =
        previous != null && status.equals(previous.getStatus())
            ? Objects.requireNonNullElse(previous.getLastTransitionTime(), now)
            : now;
    PodCondition condition = new PodCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setLastTransitionTime(transition);
    if ("False".equals(status) && ("Ready".equals(type) || "ContainersReady".equals(type))) {
      condition.setReason("ContainersNotReady");
      condition.setMessage("containers with unready status: [" + unready(pod) + "]");
    }
    return condition;
  }

  private static String unready(Pod pod) {
    return String.join(
        " ",
        pod.getSpec().getContainers().stream()
            .filter(c -> c.getReadinessProbe() != null)
            .map(Container::getName)
            .toList());
  }

  private void finish(ObjectKey key) {
    stopping.remove(key);
    held.remove(key);
    starting.remove(key);
    Optional<Pod> found = store.get(key);
    if (found.isEmpty()) {
      return;
    }
    Pod pod = found.get();
    if (!Listeners.isHostNetwork(pod) && pod.getStatus() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        IpAddress.tryParse(ip.getIp())
            .ifPresent(
                a -> ipams.stream().filter(i -> i.range().contains(a)).forEach(i -> i.release(a)));
      }
    }
    store.remove(key);
  }

  /** Forgets a removed pod: its sandbox's network goes, and its addresses unless already freed. */
  void forget(Pod pod) {
    ObjectKey key = ObjectKey.of(ResourceType.POD, pod);
    starting.remove(key);
    restarts.remove(key);
    logs.removed(key.namespace(), key.name());
    held.remove(key);
    network.tearDownPod(pod);
    if (stopping.remove(key) || pod.getStatus() == null || Listeners.isHostNetwork(pod)) {
      return;
    }
    for (PodIP ip : pod.getStatus().getPodIPs()) {
      IpAddress.tryParse(ip.getIp())
          .ifPresent(
              a -> ipams.stream().filter(i -> i.range().contains(a)).forEach(i -> i.release(a)));
    }
  }
}
