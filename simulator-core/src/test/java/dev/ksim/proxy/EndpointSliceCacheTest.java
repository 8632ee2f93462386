package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EndpointSliceCacheTest {
  private static final NamespacedName SERVICE = new NamespacedName("ns1", "svc1");
  private static final ServicePortName PORT =
      new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);

  /** One endpoint of a slice: its address, node and whether it is terminating. */
  private record Ep(String address, String node, boolean terminating) {}

  private static EndpointSlice slice(String name, Ep... endpoints) {
    EndpointSliceBuilder builder = Svc1.slice(name);
    for (Ep endpoint : endpoints) {
      builder
          .addNewEndpoint()
          .withAddresses(endpoint.address())
          .withNodeName(endpoint.node())
          .withNewConditions()
          .withReady(!endpoint.terminating())
          .withServing(true)
          .withTerminating(endpoint.terminating())
          .endConditions()
          .endEndpoint();
    }
    return builder.build();
  }

  private static List<EndpointInfo> endpoints(EndpointSliceCache cache) {
    return cache.endpoints(SERVICE).getOrDefault(PORT, List.of());
  }

  private static List<String> described(List<EndpointInfo> endpoints) {
    return endpoints.stream()
        .map(e -> e + (e.ready() ? " ready" : "") + (e.local() ? " local" : ""))
        .toList();
  }

  @Test
  void endpointsAreMergedAcrossSlicesSortedAsStringsAndLocalOnlyOnTheirNode() {
    EndpointSlice a = slice("svc1-a", new Ep("10.180.0.9", "node-a", false));
    EndpointSlice b =
        slice(
            "svc1-b",
            new Ep("10.180.0.10", "node-b", false),
            new Ep("10.180.0.9", "node-b", false));
    EndpointSliceCache onA = new EndpointSliceCache("node-a");
    EndpointSliceCache onB = new EndpointSliceCache("node-b");
    EndpointSliceCache onC = new EndpointSliceCache("node-c");
    for (EndpointSliceCache cache : List.of(onA, onB, onC)) {
      cache.update(SERVICE, b, false);
      cache.update(SERVICE, a, false);
    }

    assertThat(described(endpoints(onA)))
        .containsExactly("10.180.0.10:80 ready", "10.180.0.9:80 ready local");
    assertThat(described(endpoints(onB)))
        .containsExactly("10.180.0.10:80 ready local", "10.180.0.9:80 ready");
    assertThat(described(endpoints(onC)))
        .containsExactly("10.180.0.10:80 ready", "10.180.0.9:80 ready");
  }

  @Test
  void aTerminatingDuplicateGivesWayToAServingOneInALaterSlice() {
    EndpointSliceCache cache = new EndpointSliceCache("node-c");
    cache.update(SERVICE, slice("svc1-a", new Ep("10.180.0.9", "node-a", true)), false);
    assertThat(described(endpoints(cache))).containsExactly("10.180.0.9:80");

    cache.update(SERVICE, slice("svc1-b", new Ep("10.180.0.9", "node-b", false)), false);
    assertThat(described(endpoints(cache))).containsExactly("10.180.0.9:80 ready");
  }

  @Test
  void nodesThatHeardOfTheSameSlicesShareWhatTheyMergedAndTheLocalNodeSharesTheOthers() {
    EndpointSlice slice =
        slice(
            "svc1-a", new Ep("10.180.0.1", "node-a", false), new Ep("10.180.0.2", "node-b", false));
    EndpointSliceCache onA = new EndpointSliceCache("node-a");
    EndpointSliceCache onC = new EndpointSliceCache("node-c");
    EndpointSliceCache onD = new EndpointSliceCache("node-d");
    for (EndpointSliceCache cache : List.of(onA, onC, onD)) {
      cache.update(SERVICE, slice, false);
    }

    assertThat(onD.endpoints(SERVICE)).isSameAs(onC.endpoints(SERVICE));
    assertThat(endpoints(onA).get(1)).isSameAs(endpoints(onC).get(1));
    assertThat(endpoints(onA).get(0)).isNotSameAs(endpoints(onC).get(0));
  }

  @Test
  void removingTheLastSliceForgetsTheServiceAndAnEqualButNewSliceIsReadAgain() {
    EndpointSliceCache cache = new EndpointSliceCache("node-c");
    EndpointSlice first = slice("svc1-a", new Ep("10.180.0.1", "node-a", false));
    cache.update(SERVICE, first, false);
    Map<ServicePortName, List<EndpointInfo>> before = cache.endpoints(SERVICE);

    cache.update(SERVICE, slice("svc1-a", new Ep("10.180.0.1", "node-a", true)), false);
    assertThat(described(endpoints(cache))).containsExactly("10.180.0.1:80");
    cache.update(SERVICE, first, false);
    assertThat(cache.endpoints(SERVICE)).isEqualTo(before);

    cache.update(SERVICE, first, true);
    assertThat(cache.endpoints(SERVICE)).isEmpty();
  }

  @Test
  void overGeneratedSlicesTheMergeKeepsWhatAMapSortedByTextKeeps() {
    SplittableRandom random = new SplittableRandom(16);
    for (int round = 0; round < 200; round++) {
      List<String> names = new ArrayList<>();
      List<EndpointSlice> slices = new ArrayList<>();
      // the first seen of a text, in slice name order, unless terminating and a later one is not
      Map<String, Ep> expected = new TreeMap<>();
      int count = 1 + random.nextInt(4);
      for (int s = 0; s < count; s++) {
        names.add("svc1-" + (char) ('a' + s));
      }
      for (String name : names) {
        List<Ep> endpoints = new ArrayList<>();
        for (int e = random.nextInt(8); e > 0; e--) {
          Ep ep =
              new Ep(
                  "10.180.0." + (1 + random.nextInt(12)),
                  random.nextBoolean() ? "node-a" : "node-b",
                  random.nextInt(3) == 0);
          endpoints.add(ep);
          Ep kept = expected.get(ep.address() + ":80");
          if (kept == null || (kept.terminating() && !ep.terminating())) {
            expected.put(ep.address() + ":80", ep);
          }
        }
        slices.add(slice(name, endpoints.toArray(Ep[]::new)));
      }
      // heard of in any order
      for (int i = slices.size() - 1; i > 0; i--) {
        slices.add(i, slices.remove(random.nextInt(i + 1)));
      }
      EndpointSliceCache cache = new EndpointSliceCache("node-a");
      for (EndpointSlice slice : slices) {
        cache.update(SERVICE, slice, false);
      }

      assertThat(described(endpoints(cache)))
          .containsExactlyElementsOf(
              expected.entrySet().stream()
                  .map(
                      e ->
                          e.getKey()
                              + (e.getValue().terminating() ? "" : " ready")
                              + (e.getValue().node().equals("node-a") ? " local" : ""))
                  .toList());
    }
  }
}
