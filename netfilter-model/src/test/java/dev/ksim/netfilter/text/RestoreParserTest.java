package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import org.junit.jupiter.api.Test;

/** iptables-restore's rules and error messages (checked against iptables 1.8.9 on this machine). */
class RestoreParserTest {
  private static final String NAT_HEAD =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";
  private static final String FILTER_HEAD =
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";

  private static Ruleset parse(String text) {
    return new IptablesRestoreParser("r.rules", RuleEnvironment.PERMISSIVE, false)
        .parse(text, Ruleset.EMPTY);
  }

  private static String rules(Ruleset ruleset) {
    return IptablesSaveWriter.save(ruleset, null, null, false);
  }

  @Test
  void writesRulesInTheCanonicalForm() {
    Ruleset ruleset =
        parse(
            NAT_HEAD
                + ":X - [0:0]\n-A X -m comment --comment \"a b\" -p tcp -d 10.0.0.1 --dport 80 ! -s 10.244.0.0/255.255.0.0 -j DNAT --to-destination 10.1.1.1:8080\nCOMMIT\n");

    assertThat(rules(ruleset))
        .contains(
            "-A X ! -s 10.244.0.0/16 -d 10.0.0.1/32 -p tcp -m comment --comment \"a b\" -m tcp --dport 80 -j DNAT --to-destination 10.1.1.1:8080\n");
  }

  @Test
  void refusesAnUnquotedMultiWordComment() {
    assertThatThrownBy(
            () ->
                parse(FILTER_HEAD + "-A INPUT -m comment --comment two words -j ACCEPT\nCOMMIT\n"))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("Bad argument `words'")
        .satisfies(e -> assertThat(((RulesParseException) e).location().line()).isEqualTo(5));
  }

  @Test
  void refusesAnUnknownMatch() {
    assertThatThrownBy(() -> parse(FILTER_HEAD + "-A INPUT -m nosuchmatch -j ACCEPT\nCOMMIT\n"))
        .hasMessageContaining("Couldn't load match `nosuchmatch':No such file or directory");
  }

  @Test
  void refusesAJumpToAMissingChain() {
    assertThatThrownBy(() -> parse(FILTER_HEAD + "-A INPUT -j NOSUCHCHAIN\nCOMMIT\n"))
        .hasMessageContaining("Chain 'NOSUCHCHAIN' does not exist")
        .satisfies(e -> assertThat(((RulesParseException) e).location().line()).isEqualTo(5));
  }

  @Test
  void refusesALoopOfChains() {
    assertThatThrownBy(
            () ->
                parse(
                    FILTER_HEAD
                        + ":A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n"))
        .hasMessageContaining("loop in chains A -> B -> A");
  }

  @Test
  void refusesNatTargetsOutsideTheirHooks() {
    assertThatThrownBy(
            () -> parse(FILTER_HEAD + "-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT\n"))
        .hasMessageContaining("RULE_APPEND failed (Invalid argument): rule in chain INPUT");
    assertThatThrownBy(
            () ->
                parse(
                    NAT_HEAD
                        + ":X - [0:0]\n-A PREROUTING -j X\n-A X -p tcp -j SNAT --to-source 1.2.3.4\nCOMMIT\n"))
        .hasMessageContaining("RULE_APPEND failed (Invalid argument): rule in chain X");
  }

  @Test
  void portsNeedAProtocolWithPorts() {
    assertThatThrownBy(
            () -> parse(NAT_HEAD + "-A POSTROUTING -j MASQUERADE --to-ports 1024-2048\nCOMMIT\n"))
        .hasMessageContaining("Need TCP, UDP, SCTP or DCCP with port specification");
  }

  @Test
  void probabilityMustBeBetweenZeroAndOne() {
    assertThatThrownBy(
            () ->
                parse(
                    FILTER_HEAD
                        + "-A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT\nCOMMIT\n"))
        .hasMessageContaining(
            "statistic: bad value for option \"--probability\", or out of range (0-1).");
  }

  @Test
  void nfacctObjectsMustExist() {
    RuleEnvironment none = new RuleEnvironment(name -> false, name -> false, IpFamily.IPV4);
    assertThatThrownBy(
            () ->
                new IptablesRestoreParser("r", none, false)
                    .parse(
                        FILTER_HEAD + "-A INPUT -m nfacct --nfacct-name x -j ACCEPT\nCOMMIT\n",
                        Ruleset.EMPTY))
        .hasMessageContaining("nfacct");
  }

  @Test
  void withoutNoflushATableIsReplacedWithItAChainIsOnlyFlushedWhenDeclared() {
    Ruleset first =
        parse(
            FILTER_HEAD
                + ":KEEP - [0:0]\n:REDO - [0:0]\n-A KEEP -j ACCEPT\n-A REDO -j DROP\nCOMMIT\n");
    String update = "*filter\n:REDO - [0:0]\n-A REDO -j RETURN\nCOMMIT\n";

    Ruleset noflush =
        new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true).parse(update, first);
    Ruleset flush =
        new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, false).parse(update, first);

    assertThat(rules(noflush))
        .contains("-A KEEP -j ACCEPT\n")
        .contains("-A REDO -j RETURN\n")
        .doesNotContain("-A REDO -j DROP");
    assertThat(flush.table(Table.FILTER).chains()).doesNotContainKey("KEEP");
  }

  @Test
  void aNoflushRestoreKeepsTheChainsItLeavesAlone() {
    Ruleset first =
        parse(
            FILTER_HEAD
                + ":KEEP - [0:0]\n:REDO - [0:0]\n-A KEEP -j ACCEPT\n-A REDO -j DROP\nCOMMIT\n");

    Ruleset next =
        new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true)
            .parse("*filter\n:REDO - [0:0]\n-A REDO -j RETURN\nCOMMIT\n", first);

    assertThat(next.table(Table.FILTER).chain("KEEP").orElseThrow())
        .isSameAs(first.table(Table.FILTER).chain("KEEP").orElseThrow());
  }

  @Test
  void aJumpIntoAChainThatWouldLoopIsRefusedAfterANoflushRestore() {
    Ruleset first = parse(FILTER_HEAD + ":A - [0:0]\n:B - [0:0]\n-A A -j B\nCOMMIT\n");
    IptablesRestoreParser parser = new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true);

    assertThatThrownBy(() -> parser.parse("*filter\n-A INPUT -j A\n-A B -j A\nCOMMIT\n", first))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("loop in chains A -> B -> A");
  }

  @Test
  void deletingAChainAnUntouchedChainStillJumpsToIsRefused() {
    Ruleset first =
        parse(FILTER_HEAD + ":A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\nCOMMIT\n");
    IptablesRestoreParser parser = new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true);

    assertThatThrownBy(() -> parser.parse("*filter\n-X B\nCOMMIT\n", first))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("rule in chain A (Chain 'B' does not exist)");
  }

  @Test
  void aTableNoRestoreMadeIsCheckedWholeAtTheNextNoflushRestore() {
    Ruleset restored =
        parse(FILTER_HEAD + ":A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\nCOMMIT\n");
    Ruleset rebuilt =
        Ruleset.EMPTY.with(TableState.of(Table.FILTER, restored.table(Table.FILTER).chains()));
    IptablesRestoreParser parser = new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true);

    assertThatThrownBy(() -> parser.parse("*filter\n-X B\nCOMMIT\n", rebuilt))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("rule in chain A (Chain 'B' does not exist)");
  }

  @Test
  void successiveNoflushRestoresAreCheckedAsTheWholeTableWouldBe() {
    // kube-proxy's pattern: a chain rewritten to jump to a new chain, the old one deleted
    Ruleset first =
        parse(FILTER_HEAD + ":A - [0:0]\n:OLD - [0:0]\n-A INPUT -j A\n-A A -j OLD\nCOMMIT\n");
    IptablesRestoreParser parser = new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, true);
    Ruleset second =
        parser.parse("*filter\n:A - [0:0]\n:NEW - [0:0]\n-A A -j NEW\n-X OLD\nCOMMIT\n", first);
    Ruleset third = parser.parse("*filter\n:OLD - [0:0]\n-A OLD -j REJECT\nCOMMIT\n", second);

    assertThat(rules(third))
        .contains(":NEW - [0:0]", "-A A -j NEW", "-A OLD -j REJECT")
        .doesNotContain("-A A -j OLD");
    assertThatThrownBy(() -> parser.parse("*filter\n-A NEW -j A\nCOMMIT\n", third))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("loop in chains A -> NEW -> A");
    assertThatThrownBy(() -> parser.parse("*filter\n-X NEW\nCOMMIT\n", third))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("Chain 'NEW' does not exist");
    assertThat(parser.parse("*filter\n-A INPUT -j OLD\nCOMMIT\n", third).table(Table.FILTER))
        .extracting(t -> t.chains().keySet())
        .asString()
        .isEqualTo("[INPUT, FORWARD, OUTPUT, A, NEW, OLD]");
  }

  @Test
  void aRuleTextSeenBeforeStillGetsARuleOfItsOwn() {
    String body = "-m comment --comment same -j ACCEPT";

    Ruleset ruleset =
        parse(FILTER_HEAD + "-A INPUT " + body + "\n-A FORWARD " + body + "\nCOMMIT\n");

    var input = ruleset.table(Table.FILTER).chain("INPUT").orElseThrow().rules().get(0);
    var forward = ruleset.table(Table.FILTER).chain("FORWARD").orElseThrow().rules().get(0);
    assertThat(forward).isEqualTo(input).isNotSameAs(input);
  }

  @Test
  void aCachedRuleIsRefusedOnceItsNfacctObjectIsGone() {
    String text = FILTER_HEAD + "-A INPUT -m nfacct --nfacct-name gone -j ACCEPT\nCOMMIT\n";
    parse(text);
    RuleEnvironment none = new RuleEnvironment(name -> true, name -> false, IpFamily.IPV4);

    assertThatThrownBy(() -> new IptablesRestoreParser("u", none, false).parse(text, Ruleset.EMPTY))
        .isInstanceOf(RulesParseException.class)
        .hasMessageContaining("nfacct");
  }

  @Test
  void anErrorLeavesTheRulesetAsItWas() {
    Ruleset first = parse(FILTER_HEAD + "-A INPUT -j ACCEPT\nCOMMIT\n");
    IptablesRestoreParser parser =
        new IptablesRestoreParser("u", RuleEnvironment.PERMISSIVE, false);

    assertThatThrownBy(
            () ->
                parser.parse(
                    FILTER_HEAD + "-A INPUT -j DROP\nCOMMIT\n*nat\n-A BOGUS -j ACCEPT\nCOMMIT\n",
                    first))
        .isInstanceOf(RulesParseException.class);
    assertThat(rules(first)).contains("-A INPUT -j ACCEPT");
  }

  @Test
  void marksAreWrittenAsSetXmark() {
    Ruleset ruleset =
        parse(
            "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                + "-A PREROUTING -j MARK --set-mark 0x8000\n-A PREROUTING -j MARK --or-mark 0x4000\n-A PREROUTING -j MARK --and-mark 0xffffbfff\n-A PREROUTING -j MARK --xor-mark 0x4000\nCOMMIT\n");

    assertThat(rules(ruleset))
        .contains(
            "--set-xmark 0x8000/0xffffffff\n",
            "--set-xmark 0x4000/0x4000\n",
            "--set-xmark 0x0/0x4000\n",
            "--set-xmark 0x4000/0x0\n");
  }
}
