package dev.ksim.modes;

import dev.ksim.client.Origins;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Source;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What one mode did with a flow: the endpoints the entry node could choose, and for each endpoint
 * drawn (or for no translation at all) the verdict class (delivered, refused, dropped) with the
 * source address a delivered packet arrived with.
 *
 * @param candidates the endpoints the entry node's rules or IPVS could choose
 * @param results by endpoint the entry node chose (else by the pod that got the packet, when a node
 *     further on translated it; else {@link #UNTRANSLATED}), what happened
 */
record ModeOutcome(SortedSet<IpPort> candidates, SortedMap<String, String> results) {
  static final String UNTRANSLATED = "no endpoint";

  /** Draws of the random choice made at most, to see each candidate endpoint once. */
  private static final int MAX_DRAWS = 40;

  /** Draws made when the entry node translated nothing (a node further on may choose). */
  private static final int DRAWS_WITHOUT_CANDIDATES = 8;

  /**
   * Traces {@code flow} in {@code cluster}'s current mode, drawing again with fresh connection
   * state until every candidate endpoint was chosen once (or {@value #MAX_DRAWS} draws; {@value
   * #DRAWS_WITHOUT_CANDIDATES} when the entry node has none).
   */
  static ModeOutcome of(Cluster cluster, ClusterDatapath datapath, ModeFlow flow) {
    SortedSet<IpPort> candidates = new TreeSet<>();
    SortedMap<String, String> results = new TreeMap<>();
    Origins origins = new Origins(cluster);
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      datapath.resetState();
      Source source = origins.resolve(flow.source(), flow.via(), flow.destination().ip(), "from");
      Trace trace =
          datapath.trace(
              source.origin(),
              Packet.first(
                  flow.protocol(),
                  new IpPort(source.address(), 40_000 + draw),
                  flow.destination()));
      candidates.addAll(trace.candidates());
      results.putIfAbsent(key(trace), result(trace, source.address()));
      boolean seenAll =
          candidates.isEmpty()
              ? draw + 1 >= DRAWS_WITHOUT_CANDIDATES
              : results.size() >= candidates.size();
      if (seenAll) {
        break;
      }
    }
    return new ModeOutcome(candidates, results);
  }

  /** The endpoint the entry node chose, else the pod that got the packet, else none. */
  private static String key(Trace trace) {
    IpPort endpoint = trace.endpoint();
    if (endpoint != null) {
      return endpoint.toString();
    }
    Trace.Backend backend = trace.backend();
    return backend == null || backend.pod().isEmpty()
        ? UNTRANSLATED
        : "pod " + backend.namespace() + "/" + backend.pod();
  }

  /** The verdict class, and for a delivered packet the source address it arrived with. */
  private static String result(Trace trace, IpAddress client) {
    return switch (trace.verdict()) {
      case DELIVERED -> "delivered from " + sourceSeen(trace, client);
      case REJECTED, REFUSED -> "refused";
      case DROPPED, UNREACHABLE -> "dropped";
    };
  }

  /** The client's address, or the address its last source NAT gave the packet. */
  private static String sourceSeen(Trace trace, IpAddress client) {
    IpAddress seen = client;
    for (Hop hop : trace.hops()) {
      for (Step step : hop.steps()) {
        if (step instanceof Step.Translated translated && translated.translation().isSource()) {
          seen = translated.translation().after().ip();
        }
      }
    }
    return seen.equals(client) ? "the client" : seen.toString();
  }

  /** Where {@code other} differs from this outcome, in words; empty when they agree. */
  List<String> differences(ModeOutcome other) {
    List<String> out = new ArrayList<>();
    if (!candidates.equals(other.candidates)) {
      out.add("endpoints " + candidates + " vs " + other.candidates);
    }
    if (results.containsKey(UNTRANSLATED) != other.results.containsKey(UNTRANSLATED)
        || (candidates.isEmpty() != other.candidates.isEmpty())) {
      out.add("results " + results + " vs " + other.results);
      return out;
    }
    for (var entry : results.entrySet()) {
      String theirs = other.results.get(entry.getKey());
      if (theirs != null && !theirs.equals(entry.getValue())) {
        out.add("via " + entry.getKey() + ": " + entry.getValue() + " vs " + theirs);
      }
    }
    return out;
  }

  /** Whether the packet reached an endpoint (chosen by the entry node or a node further on). */
  boolean reachesEndpoint() {
    return !candidates.isEmpty()
        || results.keySet().stream().anyMatch(k -> !k.equals(UNTRANSLATED));
  }

  /** The verdict class when nothing was translated, else null. */
  @Nullable String untranslated() {
    return results.get(UNTRANSLATED);
  }

  @Override
  public String toString() {
    return "endpoints " + candidates + " " + results;
  }
}
