package dev.ksim.scenario.shell;

import dev.ksim.client.DnsTransport;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.client.Transport;
import dev.ksim.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS client's transport that keeps, for each query sent through the data path, its flow: the
 * query's trace with the query and its reply, for a running tcpdump to print.
 */
final class DnsFlows implements Transport {
  private final DnsTransport transport;
  private final List<Flow> flows = new ArrayList<>();

  DnsFlows(DnsTransport transport) {
    this.transport = transport;
  }

  @Override
  public Exchange send(String server, DnsMessage query, boolean tcp) {
    int sent = transport.traces().size();
    Exchange exchange = transport.send(server, query, tcp);
    List<Trace> traces = transport.traces();
    if (traces.size() > sent) {
      Trace trace = traces.get(traces.size() - 1);
      flows.add(
          tcp
              ? Flow.bare(trace)
              : new Flow(trace, new Flow.Dns(exchange.query(), exchange.reply())));
    }
    return exchange;
  }

  /** The flows of the queries sent so far, in order. */
  List<Flow> flows() {
    return List.copyOf(flows);
  }
}
