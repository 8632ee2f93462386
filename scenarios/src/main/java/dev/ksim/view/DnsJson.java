package dev.ksim.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;
import dev.ksim.dns.client.Dig;
import dev.ksim.dns.client.Exchange;
import java.util.List;

/**
 * A DNS exchange as JSON, per the command-line contract: {@code rcode} (the mnemonic), {@code
 * flags} (as dig lists them), and {@code answer}, {@code authority}, {@code additional} as lists of
 * {name, type, ttl, data} with data as dig prints it and without the OPT record.
 */
public final class DnsJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DnsJson() {}

  /** The result of one exchange; a query that got no reply has a null rcode and an error. */
  public static ObjectNode toJson(Exchange exchange) {
    ObjectNode out = JSON.objectNode();
    Question question = exchange.query().q();
    out.put("qname", question.name().toString());
    out.put("qtype", question.type().toString());
    out.put("server", exchange.server());
    DnsMessage reply = exchange.reply();
    if (reply == null) {
      out.putNull("rcode");
      out.put("error", exchange.failure());
      out.putArray("flags");
      out.putArray("answer");
      out.putArray("authority");
      out.putArray("additional");
      return out;
    }
    out.put("rcode", reply.rcode().toString());
    ArrayNode flags = out.putArray("flags");
    Dig.flags(reply).forEach(flags::add);
    section(out.putArray("answer"), reply.answer());
    section(out.putArray("authority"), reply.authority());
    section(out.putArray("additional"), reply.additional());
    return out;
  }

  private static void section(ArrayNode out, List<DnsRecord> records) {
    for (DnsRecord r : records) {
      ObjectNode record = out.addObject();
      record.put("name", r.name().toString());
      record.put("type", r.type().toString());
      record.put("ttl", r.ttl());
      record.put("data", r.data().text());
    }
  }
}
