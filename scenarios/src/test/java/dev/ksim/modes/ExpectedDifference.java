package dev.ksim.modes;

import dev.ksim.modes.ModeFlow.Client;
import dev.ksim.modes.ModeFlow.Target;
import dev.ksim.proxy.ProxyMode;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A place where upstream documents that a mode behaves unlike iptables mode: the flows it concerns
 * and what the mode must do there instead. Any other difference from iptables mode fails {@link
 * ModesAgreeTest}.
 *
 * @param mode the mode that differs from iptables mode
 * @param what the difference, in words
 * @param upstream where upstream says or does so
 * @param concerns the flows it applies to
 * @param shows what the mode's outcome must be for such a flow
 */
record ExpectedDifference(
    ProxyMode mode,
    String what,
    String upstream,
    Predicate<ModeFlow> concerns,
    Predicate<ModeOutcome> shows) {

  static final List<ExpectedDifference> ALL =
      List.of(
          new ExpectedDifference(
              ProxyMode.IPVS,
              "a ClusterIP is bound to kube-ipvs0, and KUBE-IPVS-FILTER rejects new connections to"
                  + " it on ports that are no Service port (iptables mode has no rule for them)",
              "kubernetes pkg/proxy/ipvs/proxier.go, writeIptablesRules (kubeIPVSFilterChain);"
                  + " ../shared/reference/ipvs.md section 6",
              f -> f.target() == Target.CLUSTER_IP_OTHER_PORT,
              o -> "refused".equals(o.untranslated())),
          new ExpectedDifference(
              ProxyMode.NFTABLES,
              "cluster-ips-check rejects traffic to ClusterIPs on ports that are no Service port"
                  + " (\"Reject traffic to invalid ports of ClusterIPs\")",
              "kubernetes pkg/proxy/nftables/proxier.go, clusterIPsCheckChain;"
                  + " ../shared/reference/nftables.md section 3",
              f -> f.target() == Target.CLUSTER_IP_OTHER_PORT,
              o -> "refused".equals(o.untranslated())),
          new ExpectedDifference(
              ProxyMode.IPVS,
              "externalTrafficPolicy Local with no local endpoint: the external virtual servers get"
                  + " the cluster-wide endpoints, so outside clients reach a remote pod (iptables"
                  + " and nftables drop), and the packets are not marked for masquerade"
                  + " (KUBE-NODE-PORT and KUBE-LOAD-BALANCER return for the -LOCAL sets), so a"
                  + " pod reaching itself this way is masqueraded by KUBE-LOOP-BACK on its own"
                  + " node, not by the entry node",
              "kubernetes pkg/proxy/ipvs/proxier.go, syncEndpoint (PR 97081) and"
                  + " writeIptablesRules (kubeNodePortLocalSetTCP, kubeLoadBalancerLocalSet);"
                  + " ../shared/reference/ipvs.md section 6",
              f ->
                  f.target().isExternal()
                      && f.service().externalLocal()
                      && f.noLocalEndpoint()
                      && f.service().usable(),
              ModeOutcome::reachesEndpoint),
          new ExpectedDifference(
              ProxyMode.IPVS,
              "internalTrafficPolicy Local with no local endpoint on a Service reachable from"
                  + " outside: the ClusterIP's virtual server gets the cluster-wide endpoints"
                  + " (iptables and nftables drop)",
              "kubernetes pkg/proxy/ipvs/proxier.go, syncEndpoint; pkg/proxy/serviceport.go,"
                  + " UsesClusterEndpoints; ../shared/reference/ipvs.md section 6",
              f ->
                  f.target() == Target.CLUSTER_IP
                      && f.service().internalLocal()
                      && f.service().reachableFromOutside()
                      && f.noLocalEndpoint()
                      && f.service().usable(),
              o -> !o.candidates().isEmpty()),
          new ExpectedDifference(
              ProxyMode.IPVS,
              "externalTrafficPolicy Local with a local endpoint: a pod or process on the node"
                  + " reaching an external address gets the node's endpoints, unmasqueraded"
                  + " (iptables and nftables short-circuit such traffic to every endpoint and"
                  + " masquerade the node's)",
              "kubernetes pkg/proxy/ipvs/proxier.go, syncEndpoint (local endpoints for"
                  + " ExternalPolicyLocal, no short-circuit); pkg/proxy/iptables/proxier.go and"
                  + " pkg/proxy/nftables/proxier.go, external chain (\"short-circuit pod traffic\","
                  + " \"masquerade local traffic\")",
              f ->
                  (f.client() == Client.POD || f.client() == Client.NODE)
                      && f.target().isExternal()
                      && f.service().externalLocal()
                      && !f.noLocalEndpoint(),
              o -> !o.candidates().isEmpty()),
          new ExpectedDifference(
              ProxyMode.IPVS,
              "internalTrafficPolicy Local with no local endpoint on a Service not reachable from"
                  + " outside: a virtual server without real servers, which IPVS answers with ICMP"
                  + " port unreachable (iptables and nftables drop)",
              "kubernetes pkg/proxy/ipvs/proxier.go, syncEndpoint; linux"
                  + " net/netfilter/ipvs/ip_vs_core.c, ip_vs_leave; ../shared/reference/ipvs.md"
                  + " section 6",
              f ->
                  f.target() == Target.CLUSTER_IP
                      && f.service().internalLocal()
                      && !f.service().reachableFromOutside()
                      && f.noLocalEndpoint(),
              o -> o.candidates().isEmpty() && "refused".equals(o.untranslated())),
          new ExpectedDifference(
              ProxyMode.IPVS,
              "no NodePort on 127.0.0.1: NodePort virtual servers exist only for the node's"
                  + " non-loopback addresses (iptables mode accepts localhost NodePorts,"
                  + " --iptables-localhost-nodeports, an iptables-only option)",
              "kubernetes pkg/proxy/ipvs/proxier.go, NodePort addresses without loopback"
                  + " (TestDismissLocalhostRuleExist); pkg/proxy/iptables/proxier.go,"
                  + " localhostNodePorts",
              f -> f.target() == Target.NODE_PORT_LOCALHOST,
              o -> o.candidates().isEmpty()),
          new ExpectedDifference(
              ProxyMode.NFTABLES,
              "no NodePort on 127.0.0.1: nodeport-ips never holds loopback and the services chain"
                  + " skips 127.0.0.0/8 (iptables mode accepts localhost NodePorts,"
                  + " --iptables-localhost-nodeports, an iptables-only option)",
              "kubernetes pkg/proxy/nftables/proxier.go, services chain and nodeport-ips;"
                  + " ../shared/reference/nftables.md sections 2 and 3",
              f -> f.target() == Target.NODE_PORT_LOCALHOST,
              o -> o.candidates().isEmpty()));

  /** The listed difference that explains {@code outcome} of {@code flow} in {@code mode}. */
  static Optional<ExpectedDifference> explaining(
      ProxyMode mode, ModeFlow flow, ModeOutcome outcome) {
    return ALL.stream()
        .filter(d -> d.mode == mode && d.concerns.test(flow) && d.shows.test(outcome))
        .findFirst();
  }
}
