package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every name the tutorials resolve, resolved as they show it. */
@Timeout(120)
class DigCommandTest {
  static String manifest() throws URISyntaxException {
    return Paths.get(
            Objects.requireNonNull(DigCommandTest.class.getResource("/dns-tutorials.yaml")).toURI())
        .toString();
  }

  private static List<String> lines(String text) {
    return new ArrayList<>(text.lines().toList());
  }

  private static KsimCommandTest.Run inPod(String pod, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("kubectl", "-f", manifest(), "--", "exec", pod));
    args.add("--");
    args.addAll(List.of(command));
    return ksim(args.toArray(String[]::new));
  }

  /** dig 9.18.49: "dig: 'a..b.cluster.local' is not a legal name (empty label)", status 10. */
  @Test
  void aNameDigCannotReadEndsAsDigEnds() throws Exception {
    KsimCommandTest.Run run = ksim("dig", "-f", manifest(), "a..b.cluster.local");

    assertThat(run.exit()).isEqualTo(10);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("dig: 'a..b.cluster.local' is not a legal name (empty label)\n");
  }

  @Test
  void nslookupOfAServiceFromAPodInItsNamespace() throws Exception {
    KsimCommandTest.Run run = inPod("dns", "nslookup", "nginx");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n")
        .containsPattern(
            "Name:\tnginx.default.svc.cluster.local\nAddress: 10\\.\\d+\\.\\d+\\.\\d+\n");
  }

  @Test
  void digWithSearchAndShortGivesTheHeadlessServicesThreePods() throws Exception {
    KsimCommandTest.Run headless =
        inPod("dns", "dig", "@10.96.0.10", "nginx-headless", "+search", "+short");
    KsimCommandTest.Run pods =
        ksim("kubectl", "-f", manifest(), "--", "get", "pods", "-l", "app=nginx", "-o", "wide");

    List<String> addresses = lines(headless.out());
    assertThat(addresses).hasSize(3).allMatch(a -> a.startsWith("10.244."));
    addresses.forEach(a -> assertThat(pods.out()).contains(a));
  }

  @Test
  void theKubernetesServiceAndAStatefulSetPodByItsStableName() throws Exception {
    KsimCommandTest.Run kubernetes =
        ksim("dig", "-f", manifest(), "kubernetes.default.svc.cluster.local", "+short");
    KsimCommandTest.Run mongo = inPod("dns", "dig", "mongodb-0.mongodb", "+search", "+short");
    KsimCommandTest.Run srv =
        ksim(
            "dig",
            "-f",
            manifest(),
            "_mongo._tcp.mongodb.default.svc.cluster.local",
            "SRV",
            "+short");

    assertThat(kubernetes.out()).isEqualTo("10.96.0.1\n");
    assertThat(lines(mongo.out())).hasSize(1).allMatch(a -> a.startsWith("10.244."));
    assertThat(lines(srv.out()))
        .containsExactlyInAnyOrder(
            "0 50 27017 mongodb-0.mongodb.default.svc.cluster.local.",
            "0 50 27017 mongodb-1.mongodb.default.svc.cluster.local.");
  }

  @Test
  void externalNamesAreCnamesToOutsideAndAcrossNamespaces() throws Exception {
    KsimCommandTest.Run hub =
        ksim(
            "dig",
            "-f",
            manifest(),
            "-t",
            "A",
            "ext-name-svc.default.svc.cluster.local.",
            "+noall",
            "+answer");
    KsimCommandTest.Run redisInDefault = inPod("dns", "nslookup", "redis");
    KsimCommandTest.Run redisInDev =
        ksim(
            "kubectl",
            "-f",
            manifest(),
            "--",
            "exec",
            "-n",
            "dev",
            "app",
            "--",
            "nslookup",
            "redis");

    assertThat(lines(hub.out()).get(0))
        .isEqualTo("ext-name-svc.default.svc.cluster.local.\t30 IN CNAME hub.docker.com.");
    assertThat(hub.out()).contains("\tCNAME\telb-default.us-east-1.aws.dckr.io.");
    assertThat(lines(hub.out()))
        .filteredOn(l -> l.matches(".*\\sA\t3\\..*|.*\\sA\t54\\..*"))
        .hasSize(3);
    assertThat(redisInDefault.exit()).as("redis is the name of a Service in dev only").isEqualTo(1);
    assertThat(redisInDefault.out()).contains("** server can't find redis: NXDOMAIN");
    assertThat(redisInDev.out())
        .contains(
            "redis.dev.svc.cluster.local\tcanonical name = redis.basic-component-dev.svc.cluster.local.")
        .contains("Name:\tredis.basic-component-dev.svc.cluster.local\nAddress: 10.96.66.6");
  }

  @Test
  void aBatchAnswersEachQueryInTheContractsShape(@TempDir Path dir) throws Exception {
    Path batch = dir.resolve("q.json");
    Files.writeString(
        batch,
        "[{\"qname\": \"nginx.default.svc.cluster.local.\", \"qtype\": \"A\"},"
            + " {\"qname\": \"nosuch.default.svc.cluster.local.\", \"qtype\": \"A\"},"
            + " {\"qname\": \"_http._tcp.nginx.default.svc.cluster.local.\", \"qtype\": \"SRV\"}]");

    KsimCommandTest.Run run =
        ksim("dig", "-f", manifest(), "--batch", batch.toString(), "-o", "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(run.out());
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("rcode").asText()).isEqualTo("NOERROR");
    assertThat(results.get(0).get("flags").toString()).isEqualTo("[\"qr\",\"aa\",\"rd\"]");
    assertThat(results.get(0).get("answer").get(0).get("ttl").asInt()).isEqualTo(30);
    assertThat(results.get(1).get("rcode").asText()).isEqualTo("NXDOMAIN");
    assertThat(results.get(1).get("authority").get(0).get("type").asText()).isEqualTo("SOA");
    assertThat(results.get(2).get("answer").get(0).get("data").asText())
        .isEqualTo("0 100 80 nginx.default.svc.cluster.local.");
    assertThat(results.get(2).get("additional")).hasSize(1);
  }

  @Test
  void aTraceToANameShowsTheDnsExchangeBeforeTheConnection() throws Exception {
    KsimCommandTest.Run run =
        ksim("trace", "-f", manifest(), "--from", "pod/dns", "--to", "nginx:80", "-o", "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(run.out());
    JsonNode query = result.get("dns").get("queries").get(0);
    assertThat(query.get("qname").asText()).isEqualTo("nginx.default.svc.cluster.local.");
    assertThat(query.get("trace").get("destination").asText()).isEqualTo("10.96.0.10:53");
    assertThat(query.get("trace").get("backend").get("namespace").asText())
        .isEqualTo("kube-system");
    assertThat(result.get("destination").asText())
        .isEqualTo(result.get("dns").get("address").asText() + ":80");
    assertThat(result.get("verdict").asText()).isEqualTo("DELIVERED");
  }

  @Test
  void theWorldOutsideCanBeReplacedByAZoneFileAndABadOneNamesItsLine(@TempDir Path dir)
      throws Exception {
    Path zone = dir.resolve("world.zone");
    Files.writeString(zone, "$TTL 60\nmydb.example.com. IN A 198.51.100.7\n");
    Path bad = dir.resolve("bad.zone");
    Files.writeString(bad, "x. IN A 192.0.2.1\nbad. IN A zzz\n");

    KsimCommandTest.Run ok =
        ksim(
            "dig",
            "-f",
            manifest(),
            "--upstream-zone",
            zone.toString(),
            "mydb.example.com",
            "+short");
    KsimCommandTest.Run refused =
        ksim("dig", "-f", manifest(), "--upstream-zone", bad.toString(), "x", "+short");

    assertThat(ok.out()).isEqualTo("198.51.100.7\n");
    assertThat(refused.exit()).isEqualTo(KsimCommand.BAD_INPUT);
    assertThat(refused.err()).contains(bad + ":2:");
  }
}
