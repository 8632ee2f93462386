package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ksim shell reads command lines from its input and replays them the same every time. */
@Timeout(120)
class ShellCommandTest {
  private static synchronized KsimCommandTest.Run shell(String input, String... args) {
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      return ksim(args);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void aPipedTranscriptRunsAgainstTheLiveClusterUntilExit() {
    String input =
        "kubectl create deployment web --image=nginx --replicas=2\n"
            + "sleep 5\n"
            + "kubectl get pods | grep -c web\n"
            + "exit\n"
            + "kubectl delete deployment web\n";

    KsimCommandTest.Run run = shell(input, "shell");

    assertThat(run.out()).isEqualTo("$ deployment.apps/web created\n$ $ 2\n$ \n");
    assertThat(shell(input, "shell").out()).isEqualTo(run.out());
  }

  @Test
  void anUnsimulatedCommandSaysSoAndTheSessionGoesOn() {
    KsimCommandTest.Run run =
        shell("helm list\nsysctl net.ipv4.ip_forward\n", "shell", "--on", "node/k8s-node01");

    assertThat(run.err()).contains("ksim: helm is outside what ksim simulates");
    assertThat(run.out()).contains("net.ipv4.ip_forward = 1\n");
  }
}
