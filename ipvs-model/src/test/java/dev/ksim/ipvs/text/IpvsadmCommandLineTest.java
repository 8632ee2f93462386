package dev.ksim.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ipvsadm 1.31's parsing, defaults and messages (ipvsadm.c parse_options, process_options). */
class IpvsadmCommandLineTest {
  private final Ipvs ipvs = new Ipvs(() -> 1, () -> 0L);

  private IpvsadmResult run(String line) {
    return Ipvsadm.run(ipvs, Arrays.asList(line.split(" ")), "");
  }

  @Test
  void defaultsAreWlcWeightOneAndDirectRoutingOnTheServicePort() {
    IpvsadmRequest service = IpvsadmParser.parse(List.of("-A", "-t", "10.0.0.1:80"));
    assertThat(service.scheduler()).isEqualTo("wlc");
    IpvsadmRequest server =
        IpvsadmParser.parse(List.of("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2:8080"));
    assertThat(server.forward()).isEqualTo(ForwardMethod.ROUTE);
    assertThat(server.weight()).isEqualTo(1);
    // direct routing cannot change the port
    assertThat(server.server()).isEqualTo(IpPort.tryParse("10.0.0.2:80").orElseThrow());
    IpvsadmRequest masq =
        IpvsadmParser.parse(List.of("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2", "-m"));
    assertThat(masq.server()).isEqualTo(IpPort.tryParse("10.0.0.2:80").orElseThrow());
  }

  @Test
  void clustersAttachedValuesAndAnOptionalPersistenceTimeout() {
    IpvsadmRequest request = IpvsadmParser.parse(List.of("-At", "10.0.0.1:80", "-srr", "-p"));
    assertThat(request.service())
        .isEqualTo(ServiceKey.of(Protocol.TCP, IpPort.tryParse("10.0.0.1:80").orElseThrow()));
    assertThat(request.scheduler()).isEqualTo("rr");
    assertThat(request.persistenceTimeout()).isEqualTo(300);
    assertThat(
            IpvsadmParser.parse(List.of("-A", "-t", "10.0.0.1:80", "-p", "600"))
                .persistenceTimeout())
        .isEqualTo(600);
    assertThat(
            IpvsadmParser.parse(
                    List.of(
                        "--add-service",
                        "--tcp-service=10.0.0.1:80",
                        "--scheduler",
                        "sh",
                        "--persistent"))
                .persistenceTimeout())
        .isEqualTo(300);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-A -t 10.0.0.1 -s rr|Zero port specified for non-persistent service",
        "-A -t 10.0.0.300:80|illegal virtual server address[:port] specified",
        "-a -t 10.0.0.1:80 -r nowhere|illegal real server address[:port] specified",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -w 70000|illegal weight specified",
        "-A -t 10.0.0.1:80 -p 0|invalid timeout value `0' specified",
        "-a -t 10.0.0.1:80|You need to supply the 'real-server' option for the 'add-server' command",
        "-A -t 10.0.0.1:80 -r 10.0.0.2|Illegal 'real-server' option with the 'add-service' command",
        "-A -D -t 10.0.0.1:80|multiple commands specified",
        "-A -t 10.0.0.1:80 -s rr -s wrr|multiple 'scheduler' options specified",
        "-L -c --timeout|The option 'timeout' conflicts with the 'connection' option in the 'list' command",
        "-A -t 10.0.0.1:80 -s rr -b sh-port|incompatible scheduler flag `sh-port'",
        "-A -t 10.0.0.1:80 -s sh -b sticky|invalid scheduler flag `sticky'",
        "--set 900 120|--set option requires 3 timeout values",
        "-A -t 10.0.0.1:80 --frobnicate|--frobnicate: unknown option",
        "-A -t 10.0.0.1:80 -o|One-Packet Scheduling is only for UDP virtual services",
      })
  void commandLinesIpvsadmRefuses(String line, String message) {
    IpvsadmResult result = run(line);
    assertThat(result.exitStatus()).isEqualTo(2);
    assertThat(result.stderr()).isEqualTo(message + "\n");
  }

  @Test
  void requestsTheKernelRefuses() {
    assertThat(run("-A -t 10.0.0.1:80 -s rr").exitStatus()).isZero();
    assertThat(run("-A -t 10.0.0.1:80 -s rr").stderr()).isEqualTo("Service already exists\n");
    assertThat(run("-A -t 10.0.0.2:80 -s fastest").stderr())
        .isEqualTo("Scheduler or persistence engine not found\n");
    assertThat(run("-a -t 10.0.0.9:80 -r 10.0.0.2").stderr()).isEqualTo("Service not defined\n");
    assertThat(run("-a -t 10.0.0.1:80 -r 10.0.0.2 -m").exitStatus()).isZero();
    IpvsadmResult again = run("-a -t 10.0.0.1:80 -r 10.0.0.2 -m");
    assertThat(again.stderr()).isEqualTo("Destination already exists\n");
    assertThat(again.exitStatus()).isEqualTo(1);
    assertThat(run("-d -t 10.0.0.1:80 -r 10.0.0.3").stderr()).isEqualTo("No such destination\n");
    assertThat(run("-D -t 10.0.0.3:80").stderr()).isEqualTo("No such service\n");
    assertThat(run("-L -n -t 10.0.0.3:80").stderr()).isEqualTo("No such service\n");
    assertThat(run("-a -t 10.0.0.1:80 -r 10.0.0.4 -x 1 -y 2").stderr())
        .isEqualTo("Numerical result out of range\n");
  }

  @Test
  void editServerWithoutWeightSetsWeightOne() {
    run("-A -t 10.0.0.1:80 -s rr");
    run("-a -t 10.0.0.1:80 -r 10.0.0.2 -m -w 5");
    run("-e -t 10.0.0.1:80 -r 10.0.0.2 -m");
    assertThat(run("-Ln").stdout()).contains("Masq    1      0          0");
  }

  @Test
  void restoreStopsAtTheFailingLineWithTheLinesBeforeItApplied() {
    String input =
        "-A -t 10.96.0.1:443 -s rr\n"
            + "-a -t 10.96.0.1:443 -r 192.168.80.240:6443 -m\n"
            + "-a -t 10.96.0.2:443 -r 192.168.80.241:6443 -m\n"
            + "-A -t 10.96.0.3:443 -s rr\n";
    IpvsadmResult result = Ipvsadm.run(ipvs, List.of("-R"), input);
    assertThat(result.exitStatus()).isEqualTo(1);
    assertThat(result.stderr()).isEqualTo("Service not defined\n");
    assertThat(IpvsadmWriter.save(ipvs))
        .isEqualTo(
            "-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r 192.168.80.240:6443 -m -w 1\n");
  }

  @Test
  void restoreNamesTheLine() {
    Ipvs fresh = new Ipvs(() -> 1, () -> 0L);
    try {
      Ipvsadm.restore(fresh, "-A -t 10.96.0.1:443 -s rr\n\n-a -t 10.96.0.1:443 -r x -m\n");
      throw new AssertionError("no failure");
    } catch (IpvsadmRestoreException e) {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.argument()).isEqualTo("-r");
      assertThat(e.getMessage()).isEqualTo("illegal real server address[:port] specified");
    }
  }
}
