package dev.ksim.dns.wire;

import dev.ksim.dns.DnsRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Master-file text (RFC 1035 section 5: $ORIGIN, $TTL, one record per line) as records. */
public final class ZoneFile {
  private static final Pattern LINE = Pattern.compile(":(\\d+):");
  private static final long DEFAULT_TTL = 300;

  private ZoneFile() {}

  public static List<DnsRecord> parse(String text) {
    List<DnsRecord> records = new ArrayList<>();
    try (Master master =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            Name.root,
            DEFAULT_TTL)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        records.add(Records.record(r));
      }
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      Matcher m = LINE.matcher(message);
      int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
      throw new ZoneFileException(line, message.replaceFirst("^.*?:\\d+: ", ""));
    }
    return records;
  }
}
