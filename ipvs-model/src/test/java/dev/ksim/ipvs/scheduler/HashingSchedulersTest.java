package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.server;
import static dev.ksim.ipvs.scheduler.Servers.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sh, dh and mh tables and lookups. The expected buckets were computed by an independent Python
 * transcription of ip_vs_sh.c (hash_32 with GOLDEN_RATIO_32), ip_vs_dh.c (x 2654435761, low 8 bits)
 * and ip_vs_mh.c (hsiphash = SipHash-1-3 on 64-bit, keys 2654435761 and 2654446892, table 4093,
 * weights scaled to 6 bits).
 */
class HashingSchedulersTest {
  private final RealServer a = server("10.244.1.3:80", 1);
  private final RealServer b = server("10.244.2.4:80", 2);
  private final RealServer c = server("10.244.3.5:80", 1);

  @Test
  void hashFunctions() {
    assertThat(HashFunctions.hash32(0xC0A85001, 8)).isEqualTo(106); // 192.168.80.1
    assertThat(HashFunctions.hash32(0xC0A85001 + 40000, 8)).isEqualTo(14);
    assertThat(DestinationHashing.bucket(0x0A600001)).isEqualTo(177); // 10.96.0.1
    assertThat(DestinationHashing.bucket(0x0A60000A)).isEqualTo(234);
    assertThat(HashFunctions.hsiphash(1, 2654435761L, 2654435761L)).isEqualTo(0x16ec66b2);
  }

  @Test
  void shFillsWeightConsecutiveBucketsFromTheListHead() {
    SourceHashing sh = new SourceHashing();
    RealServer quiescent = server("10.244.4.6:80", 0);
    sh.changed(List.of(b, a, quiescent));
    List<RealServer> table = sh.table();
    assertThat(table.subList(0, 8)).containsExactly(b, b, a, quiescent, b, b, a, quiescent);
    assertThat(Collections.frequency(table, b)).isEqualTo(128);
    assertThat(Collections.frequency(table, quiescent)).isEqualTo(64);
  }

  @Test
  void shLooksUpTheSourceAndWithShPortItsPort() {
    SourceHashing sh = new SourceHashing();
    List<RealServer> list = List.of(a, b, c);
    sh.changed(list);
    // table a b b c a b b c ...: bucket 106 = 106 % 4 = 2 -> b; bucket 14 % 4 = 2 -> b
    assertThat(sh.schedule(list, 0, syn("192.168.80.1:40000", "10.96.0.1:80"), false).server())
        .isSameAs(b);
    // 10.0.0.7: bucket 114 % 4 = 2 -> b; with sh-port 22 % 4 = 2 -> b; 172.16.5.9: 115 % 4 = 3 -> c
    assertThat(sh.schedule(list, 0, syn("172.16.5.9:40000", "10.96.0.1:80"), false).server())
        .isSameAs(c);
    assertThat(
            sh.schedule(
                    list, ServiceFlags.SCHED_FLAG_2, syn("172.16.5.9:40000", "10.96.0.1:80"), false)
                .server())
        .isSameAs(c);
  }

  @Test
  void shWithoutFallbackGivesNoneForAQuiescentBucketAndWithFallbackWalksOn() {
    RealServer quiet = server("10.244.3.5:80", 0);
    SourceHashing sh = new SourceHashing();
    List<RealServer> list = List.of(a, b, quiet);
    sh.changed(list);
    // buckets: a b b q a b b q ...; 172.16.5.9 hashes to 115 -> q
    assertThat(sh.schedule(list, 0, syn("172.16.5.9:1", "10.96.0.1:80"), false).server()).isNull();
    RealServer fallback =
        sh.schedule(list, ServiceFlags.SCHED_FLAG_1, syn("172.16.5.9:1", "10.96.0.1:80"), false)
            .server();
    assertThat(fallback).isIn(a, b);
  }

  @Test
  void dhFillsOneBucketPerServerInTurn() {
    DestinationHashing dh = new DestinationHashing();
    List<RealServer> list = List.of(a, b, c);
    dh.changed(list);
    assertThat(dh.table().subList(0, 6)).containsExactly(a, b, c, a, b, c);
    // 10.96.0.1 -> bucket 177 = 59 * 3 -> a; 10.96.0.10 -> 234 = 78 * 3 -> a; 192.168.1.100 -> 36
    // -> a
    assertThat(dh.schedule(list, 0, syn("1.1.1.1:1", "10.96.0.1:80"), false).server()).isSameAs(a);
    DestinationHashing two = new DestinationHashing();
    two.changed(List.of(a, b));
    // with two servers bucket 177 is odd -> b
    assertThat(two.schedule(List.of(a, b), 0, syn("1.1.1.1:1", "10.96.0.1:80"), false).server())
        .isSameAs(b);
  }

  @Test
  void mhPopulatesByPermutationAndWeight() {
    MaglevHashing mh = new MaglevHashing();
    List<RealServer> list = List.of(a, b, c);
    mh.changed(list);
    List<RealServer> table = mh.table();
    assertThat(Collections.frequency(table, a)).isEqualTo(1024);
    assertThat(Collections.frequency(table, b)).isEqualTo(2046);
    assertThat(Collections.frequency(table, c)).isEqualTo(1023);
    assertThat(table.subList(0, 12)).containsExactly(c, a, b, a, b, b, b, b, a, c, b, b);
    assertThat(mh.schedule(list, 0, syn("192.168.80.1:5", "10.96.0.1:80"), false).server())
        .isSameAs(b);
    assertThat(mh.schedule(list, 0, syn("10.0.0.7:5", "10.96.0.1:80"), false).server()).isSameAs(a);
    assertThat(mh.schedule(list, 0, syn("172.16.5.9:5", "10.96.0.1:80"), false).server())
        .isSameAs(c);
  }
}
