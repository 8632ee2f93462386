package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The kube-proxy ipvs reference cases (copied from ../shared/oracle into src/test/resources/oracle,
 * transcribed from upstream pkg/proxy/ipvs/proxier_test.go) hold: through {@code ksim ipvsadm --
 * -Sn}, {@code ksim ipset -- save} and {@code ksim iptables-save} on the case's node, exactly what
 * upstream asserted, as the suite's README.md says (its {@code checked}, {@code *Checked} and
 * {@code iptablesCompare} fields). Virtual servers of the other family and virtual servers and
 * ipset entries whose address appears nowhere in the manifests (the cluster's own Services and
 * CoreDNS pods) are left out first.
 */
@Timeout(300)
class IpvsOracleTest {
  private static final Path SUITE = Path.of("src/test/resources/oracle/kube-proxy-ipvs");
  private static final Pattern HOSTNAME =
      Pattern.compile("(?m)^hostnameOverride:\\s*['\"]?([^'\"\\s#]+)");
  private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

  @TestFactory
  Stream<DynamicTest> everyCaseHoldsWhatUpstreamAsserted() throws IOException {
    assertThat(SUITE).as("the reference cases copied from shared/oracle").isDirectory();
    List<Path> cases;
    try (Stream<Path> files = Files.walk(SUITE)) {
      cases = files.filter(p -> p.endsWith("expected.json")).map(Path::getParent).sorted().toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(SUITE.relativize(dir).toString(), () -> check(dir)));
  }

  /** A virtual server as {@code ipvsadm -Sn} saves it. */
  private record VirtualServer(
      String scheduler, Optional<Integer> persistent, Map<IpPort, Integer> reals) {}

  private static void check(Path dir) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    String manifests = dir.resolve("manifests.yaml").toString();
    String text = Files.readString(dir.resolve("manifests.yaml"));
    Matcher host = HOSTNAME.matcher(text);
    assertThat(host.find()).as("hostnameOverride in " + manifests).isTrue();
    String node = host.group(1);
    IpFamily family =
        "IPv6".equals(expected.path("proxierIPFamily").asText()) ? IpFamily.IPV6 : IpFamily.IPV4;
    Set<IpAddress> mentioned = addressesIn(text);

    Map<String, VirtualServer> services = new TreeMap<>();
    parseIpvsadmSave(run("ipvsadm", "-f", manifests, "--node", node, "--", "-Sn"))
        .forEach(
            (key, vs) -> {
              IpAddress address = IpPort.tryParse(key.substring(0, key.indexOf('/'))).get().ip();
              if (address.family() == family && mentioned.contains(address)) {
                services.put(key, vs);
              }
            });
    if (expected.path("virtualServerCountChecked").asBoolean()) {
      assertThat(services.keySet())
          .as("virtual servers")
          .hasSize(expected.get("virtualServerCount").asInt());
    } else if (expected.path("virtualServersComplete").asBoolean()
        && expected.path("virtualServers").isEmpty()) {
      assertThat(services).as("virtual servers").isEmpty();
    }
    for (JsonNode want : expected.path("virtualServers")) {
      checkVirtualServer(want, services);
    }
    checkIpsets(expected, manifests, node, mentioned);
    if (expected.has("iptables") && !expected.get("iptables").isEmpty()) {
      String tool = family == IpFamily.IPV6 ? "ip6tables-save" : "iptables-save";
      checkChains(expected, parseIptablesSave(run(tool, "-f", manifests, "--node", node)));
    }
  }

  private static void checkVirtualServer(JsonNode want, Map<String, VirtualServer> services) {
    Set<String> checked = new TreeSet<>();
    want.path("checked").forEach(c -> checked.add(c.asText()));
    if (checked.isEmpty()) {
      return;
    }
    String key =
        new IpPort(IpAddress.parse(want.get("address").asText()), want.get("port").asInt())
            + "/"
            + want.get("protocol").asText().toUpperCase(Locale.ROOT);
    assertThat(services).as("virtual server " + key).containsKey(key);
    VirtualServer got = services.get(key);
    if (checked.contains("scheduler")) {
      assertThat(got.scheduler()).as(key + " scheduler").isEqualTo(want.get("scheduler").asText());
    }
    if (checked.contains("persistentTimeout") || checked.contains("persistence")) {
      Optional<Integer> timeout =
          want.has("persistentTimeout")
              ? Optional.of(want.get("persistentTimeout").asInt())
              : Optional.empty();
      assertThat(got.persistent()).as(key + " persistent timeout").isEqualTo(timeout);
    }
    if (checked.contains("realServers")) {
      Map<IpPort, Integer> reals = new TreeMap<>();
      want.get("realServers")
          .forEach(
              r ->
                  reals.put(
                      new IpPort(IpAddress.parse(r.get("address").asText()), r.get("port").asInt()),
                      r.path("weight").asInt(1)));
      assertThat(got.reals().keySet()).as(key + " real servers").isEqualTo(reals.keySet());
      boolean wholeTable =
          checked.containsAll(
              List.of("address", "port", "protocol", "scheduler", "persistence", "realServers"));
      if (wholeTable) {
        assertThat(got.reals()).as(key + " real server weights").isEqualTo(reals);
      }
    }
  }

  private static void checkIpsets(
      JsonNode expected, String manifests, String node, Set<IpAddress> mentioned) {
    JsonNode checked = expected.path("ipsetsChecked");
    if (checked.isEmpty()) {
      return;
    }
    Map<String, List<String>> sets = new TreeMap<>();
    for (String line : run("ipset", "-f", manifests, "--node", node, "--", "save").split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[0].equals("create")) {
        sets.computeIfAbsent(words[1], n -> new ArrayList<>());
      } else if (words.length >= 3 && words[0].equals("add")) {
        sets.computeIfAbsent(words[1], n -> new ArrayList<>()).add(canonicalEntry(words[2]));
      }
    }
    checked
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              List<String> kept =
                  sets.getOrDefault(name, List.of()).stream()
                      .filter(e -> entryAddress(e).map(mentioned::contains).orElse(true))
                      .sorted()
                      .toList();
              List<String> want = new ArrayList<>();
              expected.path("ipsets").path(name).forEach(e -> want.add(canonicalEntry(e.asText())));
              want.sort(null);
              if (field.getValue().asText().equals("count")) {
                assertThat(kept).as("ipset " + name).hasSameSizeAs(want);
              } else {
                assertThat(kept).as("ipset " + name).isEqualTo(want);
              }
            });
  }

  /** Each listed chain's rules: jump target, first match-set name and (where given) source. */
  private static void checkChains(JsonNode expected, Map<String, List<String>> chains) {
    boolean firstRuleOnly = "first-rule".equals(expected.path("iptablesCompare").asText());
    expected
        .get("iptables")
        .fields()
        .forEachRemaining(
            table ->
                table
                    .getValue()
                    .fields()
                    .forEachRemaining(
                        chain -> {
                          String label = table.getKey() + "/" + chain.getKey();
                          assertThat(chains).as(label).containsKey(label);
                          List<String> rules = chains.get(label);
                          List<JsonNode> want = new ArrayList<>();
                          chain.getValue().forEach(want::add);
                          int compared = firstRuleOnly ? 1 : want.size();
                          if (firstRuleOnly) {
                            assertThat(rules).as(label).isNotEmpty();
                          } else {
                            assertThat(rules).as(label).hasSize(want.size());
                          }
                          for (int i = 0; i < compared; i++) {
                            assertThat(shape(rules.get(i), want.get(i).has("source")))
                                .as(label + " rule " + (i + 1) + " of\n" + String.join("\n", rules))
                                .isEqualTo(shape(want.get(i)));
                          }
                        }));
  }

  /** An expected rule as jump, match-set and source (its source only when it names one). */
  private static String shape(JsonNode rule) {
    String matchSet = rule.path("matchSet").isTextual() ? rule.get("matchSet").asText() : "-";
    String source =
        rule.path("source").isTextual() ? canonicalNet(rule.get("source").asText()) : "*";
    return rule.get("jump").asText() + " " + matchSet + " " + source;
  }

  /**
   * A saved rule as jump, first match-set name and (when {@code withSource}) source, as upstream's
   * checkIptables sees it.
   */
  private static String shape(String rule, boolean withSource) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(rule);
    while (m.find()) {
      tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    String jump = "-";
    String matchSet = "-";
    String source = "*";
    for (int i = 0; i + 1 < tokens.size(); i++) {
      switch (tokens.get(i)) {
        case "-j" -> jump = tokens.get(i + 1);
        case "--match-set" -> matchSet = matchSet.equals("-") ? tokens.get(i + 1) : matchSet;
        case "-s" -> source = withSource ? canonicalNet(tokens.get(i + 1)) : source;
        default -> {
          // other matches are not compared, as upstream compares none
        }
      }
    }
    return jump + " " + matchSet + " " + source;
  }

  /** iptables-save output as rules by "table/chain", in order. */
  private static Map<String, List<String>> parseIptablesSave(String save) {
    Map<String, List<String>> chains = new TreeMap<>();
    String table = "";
    for (String line : save.split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
      } else if (line.startsWith(":")) {
        chains.computeIfAbsent(
            table + "/" + line.substring(1).split(" ")[0], c -> new ArrayList<>());
      } else if (line.startsWith("-A ")) {
        String chain = line.split(" ")[1];
        chains.computeIfAbsent(table + "/" + chain, c -> new ArrayList<>()).add(line);
      }
    }
    return chains;
  }

  /** ipvsadm -Sn output as virtual servers by "ip:port/PROTO". */
  private static Map<String, VirtualServer> parseIpvsadmSave(String save) {
    Map<String, VirtualServer> services = new TreeMap<>();
    for (String line : save.split("\n")) {
      List<String> tokens = List.of(line.trim().split("\\s+"));
      if (tokens.size() < 3 || !(tokens.get(0).equals("-A") || tokens.get(0).equals("-a"))) {
        continue;
      }
      String protocol =
          switch (tokens.get(1)) {
            case "-t" -> "TCP";
            case "-u" -> "UDP";
            case "--sctp-service" -> "SCTP";
            default -> "";
          };
      Optional<IpPort> address = IpPort.tryParse(tokens.get(2));
      if (protocol.isEmpty() || address.isEmpty()) {
        continue;
      }
      String key = address.get() + "/" + protocol;
      if (tokens.get(0).equals("-A")) {
        int p = tokens.indexOf("-p");
        Optional<Integer> persistent =
            p < 0
                ? Optional.empty()
                : Optional.of(
                    p + 1 < tokens.size() && tokens.get(p + 1).matches("\\d+")
                        ? Integer.parseInt(tokens.get(p + 1))
                        : 300);
        services.put(
            key,
            new VirtualServer(tokens.get(tokens.indexOf("-s") + 1), persistent, new TreeMap<>()));
      } else {
        IpPort real = IpPort.tryParse(tokens.get(tokens.indexOf("-r") + 1)).orElseThrow();
        int w = tokens.indexOf("-w");
        services.get(key).reals().put(real, w < 0 ? 1 : Integer.parseInt(tokens.get(w + 1)));
      }
    }
    return services;
  }

  /** Every IP literal in the manifests' lines that are not comments. */
  private static Set<IpAddress> addressesIn(String text) {
    Set<IpAddress> found = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.stripLeading().startsWith("#")) {
        continue;
      }
      for (String token : line.split("[\\s,;=/'\"\\[\\]{}()]+")) {
        Optional<IpAddress> ip = IpAddress.tryParse(token);
        if (ip.isEmpty() && token.endsWith(":")) {
          ip = IpAddress.tryParse(token.substring(0, token.length() - 1));
        }
        ip.ifPresent(found::add);
      }
    }
    return found;
  }

  /** An ipset entry with its addresses and networks canonical and its protocol lower case. */
  private static String canonicalEntry(String entry) {
    List<String> parts = new ArrayList<>();
    for (String part : entry.split(",")) {
      String p = part.trim();
      if (p.matches("[A-Za-z]+:\\d+(-\\d+)?")) {
        parts.add(p.toLowerCase(Locale.ROOT));
      } else if (p.contains("/")) {
        parts.add(canonicalNet(p));
      } else {
        parts.add(IpAddress.tryParse(p).map(IpAddress::toString).orElse(p));
      }
    }
    return String.join(",", parts);
  }

  private static Optional<IpAddress> entryAddress(String entry) {
    return IpAddress.tryParse(entry.split(",")[0].split("/")[0]);
  }

  private static String canonicalNet(String text) {
    if (text.contains("/")) {
      return Cidr.tryParse(text).map(Cidr::toString).orElse(text);
    }
    return IpAddress.tryParse(text)
        .map(ip -> ip + "/" + (ip.family() == IpFamily.IPV4 ? 32 : 128))
        .orElse(text);
  }

  private static String run(String... args) {
    KsimCommandTest.Run run = KsimCommandTest.ksim(args);
    assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.err()).isZero();
    return run.out();
  }
}
