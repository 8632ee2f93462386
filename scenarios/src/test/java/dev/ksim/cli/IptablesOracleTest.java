package dev.ksim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The packet flows of the kube-proxy iptables reference cases (copied from ../shared/oracle into
 * src/test/resources/oracle, transcribed from upstream pkg/proxy/iptables/proxier_test.go) behave
 * as upstream expects, by {@link OracleFlows}' rules.
 */
@Timeout(300)
class IptablesOracleTest {
  private static final Path SUITE = Path.of("src/test/resources/oracle/kube-proxy-iptables");

  @TestFactory
  Stream<DynamicTest> everyFlowOfEveryCaseBehavesAsUpstreamExpects() throws IOException {
    return OracleFlows.everyCase(SUITE, 17);
  }
}
