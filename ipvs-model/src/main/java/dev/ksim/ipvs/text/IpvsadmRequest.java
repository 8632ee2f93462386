package dev.ksim.ipvs.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpPort;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One parsed ipvsadm command line: the command and everything its options said, with ipvsadm's
 * defaults applied (scheduler wlc, weight 1, forwarding by direct routing, persistence 300 s with a
 * full netmask).
 *
 * @param command the command
 * @param options the options given
 * @param service the virtual service ({@code -t/-u/--sctp-service/-f}), or null
 * @param scheduler the scheduler name
 * @param persistenceTimeout the persistence timeout in seconds, 0 when not persistent
 * @param netmaskBits the persistence netmask as a prefix length
 * @param onePacket {@code -o}
 * @param schedulerFlags the {@code -b} flags (bit 0 = flag-1)
 * @param server the real server ({@code -r}), or null
 * @param forward the forwarding method
 * @param weight the weight
 * @param upperThreshold {@code -x}
 * @param lowerThreshold {@code -y}
 * @param timeouts the three {@code --set} values
 */
public record IpvsadmRequest(
    IpvsadmCommand command,
    Set<IpvsadmOption> options,
    @Nullable ServiceKey service,
    String scheduler,
    int persistenceTimeout,
    int netmaskBits,
    boolean onePacket,
    int schedulerFlags,
    @Nullable IpPort server,
    ForwardMethod forward,
    int weight,
    int upperThreshold,
    int lowerThreshold,
    List<Integer> timeouts) {
  public IpvsadmRequest {
    options = options.isEmpty() ? EnumSet.noneOf(IpvsadmOption.class) : EnumSet.copyOf(options);
    timeouts = ImmutableList.copyOf(timeouts);
  }

  public boolean has(IpvsadmOption option) {
    return options.contains(option);
  }
}
