package dev.ksim.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node looks like once its kubelet has registered it and kubeadm has labelled it: the
 * well-known labels, the Ready condition and the system info, and DESIGN.md's three default nodes.
 */
public final class NodeRegistration {
  /**
   * The Kubernetes version the simulated cluster reports unless kubeadm's configuration names one.
   */
  public static final String KUBERNETES_VERSION = "v1.34.2";

  public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

  private NodeRegistration() {}

  /** DESIGN.md's default cluster: a control-plane node and two workers. */
  public static List<Node> defaultNodes() {
    List<Node> nodes = new ArrayList<>();
    nodes.add(node("k8s-master", "192.168.80.100", true));
    nodes.add(node("k8s-node01", "192.168.80.101", false));
    nodes.add(node("k8s-node02", "192.168.80.102", false));
    return nodes;
  }

  private static Node node(String name, String ip, boolean controlPlane) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .addNewAddress(ip, "InternalIP")
            .addNewAddress(name, "Hostname")
            .endStatus()
            .build();
    if (controlPlane) {
      node.getMetadata().setLabels(new LinkedHashMap<>(Map.of(CONTROL_PLANE_LABEL, "")));
      node.getMetadata()
          .getLabels()
          .put("node.kubernetes.io/exclude-from-external-load-balancers", "");
      node.getSpec()
          .setTaints(
              new ArrayList<>(List.of(new Taint("NoSchedule", CONTROL_PLANE_LABEL, null, null))));
    }
    return node;
  }

  /**
   * Fills in what a kubelet of {@code kubeletVersion} reports when it registers the node, keeping
   * what is given.
   */
  public static void complete(Node node, String now, String kubeletVersion) {
    String name = node.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    if (node.getMetadata().getLabels() != null) {
      labels.putAll(node.getMetadata().getLabels());
    }
    node.getMetadata().setLabels(labels);
    if (node.getSpec() == null) {
      node.setSpec(new NodeSpec());
    }
    if (node.getStatus() == null) {
      node.setStatus(new NodeStatus());
    }
    NodeStatus status = node.getStatus();
    if (status.getAddresses().stream().noneMatch(a -> "Hostname".equals(a.getType()))) {
      List<NodeAddress> addresses = new ArrayList<>(status.getAddresses());
      addresses.add(new NodeAddress(name, "Hostname"));
      status.setAddresses(addresses);
    }
    if (status.getConditions().stream().noneMatch(c -> "Ready".equals(c.getType()))) {
      status.setConditions(
          List.of(
              new NodeConditionBuilder()
                  .withType("Ready")
                  .withStatus("True")
                  .withReason("KubeletReady")
                  .withMessage("kubelet is posting ready status")
                  .withLastHeartbeatTime(now)
                  .withLastTransitionTime(now)
                  .build()));
    }
    if (status.getNodeInfo() == null) {
      status.setNodeInfo(
          new NodeSystemInfoBuilder()
              .withArchitecture("amd64")
              .withOperatingSystem("linux")
              .withOsImage("Ubuntu 24.04.3 LTS")
              .withKernelVersion("6.8.0-88-generic")
              .withContainerRuntimeVersion("containerd://1.7.28")
              .withKubeletVersion(kubeletVersion)
              .withKubeProxyVersion("")
              .build());
    }
  }
}
