package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * curl's flags and output in the shell, against curl 7.88.1 (Debian 12) as recorded at a terminal
 * against a listener on 127.0.0.1 and in a throwaway network namespace with DROP and REJECT rules
 * (golden/curl-7.88/README.md has the recordings).
 */
@Timeout(120)
class CurlFlagsTest {
  private static final String APP =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        clusterIP: 10.96.100.1
        selector: {app: web}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: empty}
      spec:
        clusterIP: 10.96.100.2
        selector: {app: nothing}
        ports: [{port: 80}]
      """;

  private final Cluster cluster =
      Cluster.start(ManifestLoader.parse("app.yaml", APP), ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("node/k8s-node01", line).output();
  }

  @Test
  void verboseTellsTheConnectionTheRequestAndTheResponseOnStderr() {
    CommandResult run =
        shell.runLine("pod/default/web", "curl -sv http://web.default.svc.cluster.local/").output();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("Welcome to nginx!");
    assertThat(run.stderr())
        .startsWith(
            "*   Trying 10.96.100.1:80...\n"
                + "* Connected to web.default.svc.cluster.local (10.96.100.1) port 80 (#0)\n"
                + "> GET / HTTP/1.1\n"
                + "> Host: web.default.svc.cluster.local\n"
                + "> User-Agent: curl/7.88.1\n"
                + "> Accept: */*\n"
                + "> \n"
                + "< HTTP/1.1 200 OK\n"
                + "< Server: nginx")
        .contains("< Content-Type: text/html\n")
        .endsWith("< \n* Connection #0 to host web.default.svc.cluster.local left intact\n");
  }

  @Test
  void headPrintsTheResponseHeadInsteadOfTheBody() {
    CommandResult run = sh("curl -I 10.96.100.1");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("HTTP/1.1 200 OK\nServer: nginx").endsWith("\n\n");
    assertThat(run.stdout()).doesNotContain("Welcome");
    assertThat(sh("curl -sSI 10.96.100.1").stdout()).isEqualTo(run.stdout());
  }

  @Test
  void includePutsTheHeadBeforeTheBody() {
    String out = sh("curl -si 10.96.100.1").stdout();

    assertThat(out).startsWith("HTTP/1.1 200 OK\n").contains("\n\n<!DOCTYPE html>");
  }

  @Test
  void writeOutPrintsTheTransfersFacts() {
    CommandResult run = sh("curl -s -o /dev/null -w '%{http_code}\\n' 10.96.100.1");

    assertThat(run.stdout()).isEqualTo("200\n");
    assertThat(run.stderr()).isEmpty();
    String facts =
        sh("curl -so/dev/null -w '%{remote_ip}:%{remote_port} %{local_ip} %{time_total} 100%%'"
                + " 10.96.100.1")
            .stdout();
    assertThat(facts).matches("10\\.96\\.100\\.1:80 192\\.168\\.80\\.101 0\\.000000 100%");
    assertThat(sh("curl -s -o /dev/null -w '%{local_port}' 10.96.100.1").stdout())
        .matches("[0-9]{5}");
  }

  @Test
  void anUnknownWriteOutVariableIsWarnedAboutAndPrintsNothing() {
    CommandResult run = sh("curl -s -o /dev/null -w '%{foo} %{http_code}\\n' 10.96.100.1");

    assertThat(run.stdout()).isEqualTo(" 200\n");
    assertThat(run.stderr()).isEqualTo("curl: unknown --write-out variable: 'foo'\n");
  }

  @Test
  void aRefusedConnectionIsCurl788sErrorSevenAndSilentHidesIt() {
    CommandResult run = sh("curl 10.96.100.2");

    assertThat(run.exitCode()).isEqualTo(7);
    assertThat(run.stderr())
        .isEqualTo(
            "curl: (7) Failed to connect to 10.96.100.2 port 80 after 0 ms: Couldn't connect to"
                + " server\n");
    assertThat(sh("curl -s 10.96.100.2").stderr()).isEmpty();
    assertThat(sh("curl -s 10.96.100.2").exitCode()).isEqualTo(7);
    assertThat(sh("curl -sS 10.96.100.2").stderr()).isEqualTo(run.stderr());
    assertThat(sh("curl -sv 10.96.100.2").stderr())
        .isEqualTo(
            "*   Trying 10.96.100.2:80...\n"
                + "* connect to 10.96.100.2 port 80 failed: Connection refused\n"
                + "* Failed to connect to 10.96.100.2 port 80 after 0 ms: Couldn't connect to"
                + " server\n"
                + "* Closing connection 0\n");
    assertThat(
            sh("curl -s -w '%{http_code} %{exitcode} [%{remote_ip}:%{remote_port}]\\n'"
                    + " 10.96.100.2")
                .stdout())
        .isEqualTo("000 7 [:0]\n");
  }

  @Test
  void aDroppedSynWaitsForMaxTimeInSimulatedTime() {
    sh("iptables -I OUTPUT -d 203.0.113.5 -p tcp -j DROP");
    Instant before = cluster.clock().now();

    CommandResult run = sh("curl -m 2 -w '%{time_total}\\n' 203.0.113.5");

    assertThat(run.exitCode()).isEqualTo(28);
    assertThat(run.stderr()).isEqualTo("curl: (28) Connection timed out after 2000 milliseconds\n");
    assertThat(run.stdout()).isEqualTo("2.000000\n");
    assertThat(Duration.between(before, cluster.clock().now())).isEqualTo(Duration.ofSeconds(2));
    assertThat(sh("curl -sv --max-time 0.5 203.0.113.5").stderr())
        .isEqualTo(
            "*   Trying 203.0.113.5:80...\n"
                + "* Connection timed out after 500 milliseconds\n"
                + "* Closing connection 0\n");
  }

  @Test
  void aDroppedSynWaitsForTheConnectTimeoutOrTheKernel() {
    sh("iptables -I OUTPUT -d 203.0.113.5 -p tcp -j DROP");

    assertThat(sh("curl --connect-timeout 1 -m 5 203.0.113.5").stderr())
        .isEqualTo(
            "curl: (28) Failed to connect to 203.0.113.5 port 80 after 1000 ms: Timeout was"
                + " reached\n");
    CommandResult kernel = sh("curl 203.0.113.5");
    assertThat(kernel.exitCode()).isEqualTo(28);
    assertThat(kernel.stderr())
        .isEqualTo(
            "curl: (28) Failed to connect to 203.0.113.5 port 80 after 127000 ms: Couldn't"
                + " connect to server\n");
  }

  @Test
  void failTurnsAnHttpErrorIntoErrorTwentyTwo() {
    CommandResult plain = sh("curl -s -o /dev/null -w '%{http_code}' 10.96.100.1/nosuch");
    CommandResult failed = sh("curl -sSf 10.96.100.1/nosuch");

    assertThat(plain.stdout()).isEqualTo("404");
    assertThat(failed.exitCode()).isEqualTo(22);
    assertThat(failed.stdout()).isEmpty();
    assertThat(failed.stderr()).isEqualTo("curl: (22) The requested URL returned error: 404\n");
  }

  @Test
  void headersReplaceCurlsOwnOrAddToThem() {
    String sent =
        sh("curl -sv -H 'Host: example' -H 'X-Trace: 1' -H 'Accept:' 10.96.100.1").stderr();

    assertThat(sent)
        .contains("> Host: example\n> User-Agent: curl/7.88.1\n> X-Trace: 1\n> \n")
        .doesNotContain("> Accept");
  }

  @Test
  void interfaceSendsFromTheNodesAddressOrFailsToBind() {
    CommandResult bound = sh("curl -sv --interface 192.168.80.101 10.96.100.1");
    assertThat(bound.exitCode()).isZero();
    assertThat(bound.stderr())
        .startsWith(
            "*   Trying 10.96.100.1:80...\n"
                + "* Name '192.168.80.101' family 2 resolved to '192.168.80.101' family 2\n"
                + "* Local port: 0\n"
                + "* Connected to 10.96.100.1");
    assertThat(sh("curl --interface 10.9.9.9 10.96.100.1").stderr())
        .isEqualTo("curl: (45) bind failed with errno 99: Cannot assign requested address\n");
    CommandResult noDevice = sh("curl -sS --interface eth9 10.96.100.1");
    assertThat(noDevice.exitCode()).isEqualTo(45);
    assertThat(noDevice.stderr()).isEqualTo("curl: (45) Couldn't bind to 'eth9'\n");
    assertThat(sh("curl -s --interface eth0 10.96.100.1").exitCode()).isZero();
  }

  @Test
  void anUnresolvableNameIsErrorSix() {
    CommandResult run = sh("curl -v http://nosuch/");

    assertThat(run.exitCode()).isEqualTo(6);
    assertThat(run.stderr())
        .isEqualTo(
            "* Could not resolve host: nosuch\n"
                + "* Closing connection 0\n"
                + "curl: (6) Could not resolve host: nosuch\n");
  }

  @Test
  void curlsOwnUsageErrorsNameTheOptionAndExitTwo() {
    CommandResult unknown = sh("curl --bogus 10.96.100.1");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr())
        .isEqualTo(
            "curl: option --bogus: is unknown\n"
                + "curl: try 'curl --help' or 'curl --manual' for more information\n");
    assertThat(sh("curl -s -m abc 10.96.100.1").stderr())
        .startsWith("curl: option -m: expected a proper numerical parameter\n");
    assertThat(sh("curl -sS -o").stderr()).startsWith("curl: option -o: requires parameter\n");
    assertThat(sh("curl -s").stderr()).startsWith("curl: no URL specified!\n");
  }

  @Test
  void aRealOptionKsimDoesNotSimulateIsRefusedByName() {
    ShellResult run = shell.runLine("node/k8s-node01", "curl -X POST 10.96.100.1");

    assertThat(run.unsupported()).isTrue();
    assertThat(run.output().exitCode()).isEqualTo(2);
    assertThat(run.output().stderr()).startsWith("ksim: curl: option -X is not simulated");
  }

  @Test
  void insecureChangesNothingForPlainHttp() {
    assertThat(sh("curl -sk 10.96.100.1").stdout()).isEqualTo(sh("curl -s 10.96.100.1").stdout());
  }
}
