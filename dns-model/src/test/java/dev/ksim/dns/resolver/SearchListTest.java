package dev.ksim.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.dns.Rcode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** glibc's search walk in a ClusterFirst pod (../shared/reference/dns.md section 4.4). */
class SearchListTest {
  private static final ResolvConf POD =
      new ResolvConf(
          List.of("10.96.0.10"),
          List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"),
          List.of("ndots:5"));

  @Test
  void aShortNameTriesTheSearchDomainsFirst() {
    assertThat(SearchList.candidates("my-svc", POD))
        .containsExactly(
            "my-svc.default.svc.cluster.local.",
            "my-svc.svc.cluster.local.",
            "my-svc.cluster.local.",
            "my-svc.");
  }

  @Test
  void aNameWithNdotsDotsOrATrailingDotIsTriedAsItIsFirstOrOnly() {
    ResolvConf ndots2 = new ResolvConf(POD.nameservers(), POD.searches(), List.of("ndots:2"));

    assertThat(SearchList.candidates("www.example.com", ndots2).get(0))
        .isEqualTo("www.example.com.");
    assertThat(SearchList.candidates("my-svc.other.svc.cluster.local.", POD))
        .containsExactly("my-svc.other.svc.cluster.local.");
    assertThat(SearchList.candidates("my-svc.other.svc.cluster.local", POD))
        .hasSize(4)
        .last()
        .isEqualTo("my-svc.other.svc.cluster.local.");
  }

  @Test
  void glibcMovesOnAfterNxdomainNodataAndServfailOnly() {
    assertThat(SearchList.continuesAfter(Rcode.NXDOMAIN, 0)).isTrue();
    assertThat(SearchList.continuesAfter(Rcode.NOERROR, 0)).isTrue();
    assertThat(SearchList.continuesAfter(Rcode.SERVFAIL, 0)).isTrue();
    assertThat(SearchList.continuesAfter(Rcode.NOERROR, 1)).isFalse();
    assertThat(SearchList.continuesAfter(Rcode.REFUSED, 0)).isFalse();
  }

  @Test
  void resolvConfIsWrittenAsContainerdWritesIt() {
    assertThat(POD.render())
        .isEqualTo(
            "search default.svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.96.0.10\n"
                + "options ndots:5\n");
    assertThat(POD.ndots()).isEqualTo(5);
    assertThat(new ResolvConf(List.of(), List.of(), List.of("ndots:99")).ndots()).isEqualTo(15);
  }
}
