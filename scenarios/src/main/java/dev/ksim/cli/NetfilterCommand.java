package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsHooks;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.text.NftScriptParser;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IpsetRestoreParser;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.node.EphemeralPorts;
import dev.ksim.sim.SimRandom;
import dev.ksim.trace.HostTraces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ksim netfilter --rules FILE --from SRC --to DST:PORT}: one packet through a saved iptables
 * ruleset, as one host's kernel would handle it, with the trace. No Kubernetes involved. With
 * {@code --ipvs FILE} (an {@code ipvsadm -S} dump, beside or instead of {@code --rules}) the kernel
 * carries those virtual services too, IPVS's handlers at their hooks.
 */
@Command(
    name = "netfilter",
    mixinStandardHelpOptions = true,
    description =
        "Push one packet through a saved iptables ruleset (iptables-save format) and/or an"
            + " nftables ruleset (nft -f format) as one host's kernel would, and trace it.")
public final class NetfilterCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "IPv4 ruleset, iptables-save format.")
  @Nullable Path rules;

  @Option(
      names = "--nft",
      paramLabel = "FILE",
      description = "An nftables ruleset, as nft -f reads it (beside or instead of --rules).")
  @Nullable Path nft;

  @Option(
      names = "--ipvs",
      paramLabel = "FILE",
      description = "IPVS virtual services, ipvsadm -S format (ipvsadm -R input).")
  @Nullable Path ipvs;

  @Option(
      names = "--rules6",
      paramLabel = "FILE",
      description = "IPv6 ruleset, ip6tables-save format.")
  @Nullable Path rules6;

  @Option(names = "--ipsets", paramLabel = "FILE", description = "ipsets, ipset save format.")
  @Nullable Path ipsets;

  @Option(
      names = "--nfacct",
      paramLabel = "NAME",
      description = "An nfacct object that exists (repeatable).")
  List<String> nfacct = new ArrayList<>();

  @Option(
      names = "--local",
      split = ",",
      paramLabel = "ADDR[/LEN]",
      description = "The host's addresses, on eth0.")
  List<String> local = new ArrayList<>();

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  Flows flows;

  @Option(
      names = "--sysctl",
      paramLabel = "NAME=VALUE",
      description = "A sysctl, e.g. net.ipv4.conf.all.route_localnet=1.")
  List<String> sysctls = new ArrayList<>();

  @Option(names = "--seed", description = "Seed of the random source (statistic matches, ports).")
  long seed = SimRandom.DEFAULT_SEED;

  @Option(names = "--host", defaultValue = "host", description = "The host's name in the trace.")
  String hostName = "host";

  @Override
  public Integer call() throws IOException {
    List<Flows.Flow> list = flows.flows(null);
    Map<String, IpSet> sets =
        ipsets == null ? Map.of() : IpsetRestoreParser.parse(ipsets.toString(), Flows.read(ipsets));
    RuleEnvironment environment =
        new RuleEnvironment(sets::containsKey, nfacct::contains, IpFamily.IPV4);
    if (rules == null && nft == null && ipvs == null) {
      throw KsimInputException.commandLine(
          "--rules", "give --rules FILE, --nft FILE, --ipvs FILE or several");
    }
    Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
    if (rules != null) {
      rulesets.put(
          IpFamily.IPV4,
          new IptablesRestoreParser(rules.toString(), environment, false)
              .parse(Flows.read(rules), Ruleset.EMPTY));
    }
    NftRuleset nftables =
        nft == null
            ? NftRuleset.EMPTY
            : NftScriptParser.apply(NftRuleset.EMPTY, nft.toString(), Flows.read(nft));
    String services = ipvs == null ? null : Flows.read(ipvs);
    if (services != null) {
      // refuse a bad file before any packet, as ipvsadm -R would stop at its line
      IpvsFile.load(String.valueOf(ipvs), services, new Ipvs(random(seed)::nextInt, () -> 0L));
    }
    if (rules6 != null) {
      rulesets.put(
          IpFamily.IPV6,
          new IptablesRestoreParser(rules6.toString(), environment.withFamily(IpFamily.IPV6), false)
              .parse(Flows.read(rules6), Ruleset.EMPTY));
    }
    List<InterfaceAddress> addresses = new ArrayList<>();
    for (String text : local) {
      addresses.add(
          InterfaceAddress.tryParse(text.strip())
              .orElseThrow(
                  () -> KsimInputException.commandLine("--local", "not an address: " + text)));
    }
    Map<String, String> sysctlValues = Sysctls.parse(sysctls);
    SimRandom random = new SimRandom(seed);
    for (Flows.Flow flow : list) {
      Netfilter kernel = new Netfilter(random::nextInt, () -> 0L);
      rulesets.forEach(kernel::setRuleset);
      kernel.setNftables(nftables);
      sets.values().forEach(s -> kernel.ipsets().put(s.name(), s.copy()));
      nfacct.forEach(kernel::addNfacct);
      sysctlValues.forEach(kernel::setSysctl);
      if (services != null) {
        Ipvs table = new Ipvs(random::nextInt, () -> 0L);
        IpvsFile.load(String.valueOf(ipvs), services, table);
        IpvsHooks.register(table, kernel);
      }
      Host host = new Host(kernel, addresses, flows.recording());
      if (flow.isNamed()) {
        throw KsimInputException.commandLine(
            "--to", flow.host() + " is a name: a lone host has no cluster DNS, give an address");
      }
      IpPort source = source(flow.source(), random);
      if (source.ip().family() != flow.destination().ip().family()) {
        throw KsimInputException.commandLine(
            "--from", "source and destination are of different families");
      }
      Packet packet = Packet.first(flow.protocol(), source, flow.destination());
      String inIface = kernel.isLocal(source.ip()) ? "" : Host.UPLINK;
      DnatCandidates candidates = host.candidates(packet, inIface);
      flows.add(flow, HostTraces.of(host.send(packet, inIface), candidates, hostName));
    }
    flows.print();
    return 0;
  }

  private static SimRandom random(long seed) {
    return new SimRandom(seed);
  }

  /** An address with a port, or an address given an ephemeral port. */
  private static IpPort source(String text, SimRandom random) {
    Optional<IpPort> withPort = IpPort.tryParse(text);
    if (withPort.isPresent()) {
      return withPort.get();
    }
    IpAddress ip =
        IpAddress.tryParse(text)
            .orElseThrow(() -> KsimInputException.commandLine("--from", "not an address: " + text));
    return new IpPort(ip, EphemeralPorts.bindUdp(random::nextInt));
  }
}
