package dev.ksim.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's choice of TCP source ports: in range, never one in TIME_WAIT, recycled after it. */
class EphemeralPortsTest {
  private static final IpAddress CLIENT = IpAddress.parse("10.244.1.5");
  private static final IpPort SERVICE = new IpPort(IpAddress.parse("10.96.0.20"), 80);

  @Test
  void everyPortOfTheRangeIsUsedOnceThenConnectFailsUntilTimeWaitEnds() {
    EphemeralPorts ports = new EphemeralPorts(42);
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < EphemeralPorts.COUNT; i++) {
      OptionalInt port = ports.connect(CLIENT, SERVICE, 0, bound -> 3);
      assertThat(port).isPresent();
      assertThat(port.getAsInt()).isBetween(EphemeralPorts.LOW, EphemeralPorts.HIGH - 1);
      assertThat(used.add(port.getAsInt())).isTrue();
      ports.closed(new IpPort(CLIENT, port.getAsInt()), SERVICE, 0);
    }

    assertThat(ports.connect(CLIENT, SERVICE, 0, bound -> 3)).isEmpty();
    assertThat(ports.connect(CLIENT, SERVICE, EphemeralPorts.TIME_WAIT.toMillis(), bound -> 3))
        .isPresent();
  }

  @Test
  void theFirstPortsHaveTheRangesLowParityAndTheSameSecretGivesTheSamePorts() {
    EphemeralPorts one = new EphemeralPorts(7);
    EphemeralPorts two = new EphemeralPorts(7);

    int first = one.connect(CLIENT, SERVICE, 0, bound -> 0).orElseThrow();

    assertThat(first % 2).isZero();
    assertThat(two.connect(CLIENT, SERVICE, 0, bound -> 0)).hasValue(first);
  }

  @Test
  void aConnectToTheLastDestinationGetsThePortOfAHashWorkedOutAfresh() {
    IpPort other = new IpPort(IpAddress.parse("10.96.0.21"), 8080);
    IpAddress elsewhere = IpAddress.parse("10.244.2.9");
    IpPort unrelated = new IpPort(IpAddress.parse("10.96.7.7"), 53);
    EphemeralPorts kept = new EphemeralPorts(11);
    EphemeralPorts afresh = new EphemeralPorts(11);

    for (IpPort destination : new IpPort[] {SERVICE, SERVICE, other, SERVICE, other, other}) {
      OptionalInt port = kept.connect(CLIENT, destination, 0, bound -> 1);
      // a connect elsewhere in between: the next one's hash is not the one kept
      afresh.connect(elsewhere, unrelated, 0, bound -> 1);

      assertThat(afresh.connect(CLIENT, destination, 0, bound -> 1)).isEqualTo(port);
    }
  }
}
