package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftTable;
import org.junit.jupiter.api.Test;

/**
 * What {@code nft -f} refuses, with the kernel's or nft's words (each checked with nft 1.0.6 in a
 * network namespace of this machine), and that a refused transaction changes nothing.
 */
class NftScriptParserTest {
  private static final NftRuleset BASE =
      NftScriptParser.apply(
          NftRuleset.EMPTY,
          "base.nft",
          "add table ip t\nadd chain ip t in { type filter hook input priority 0 ; }\n"
              + "add chain ip t a\n");

  private static void assertRefused(String text, int line, String message) {
    assertThatThrownBy(() -> NftScriptParser.apply(BASE, "in.nft", text))
        .isInstanceOf(NftParseException.class)
        .hasMessage(message)
        .extracting(e -> ((NftParseException) e).location().line())
        .isEqualTo(line);
  }

  @Test
  void createOfAnExistingTableIsRefused() {
    assertRefused("create table ip t\n", 1, "Could not process rule: File exists");
  }

  @Test
  void jumpToAMissingChainIsRefused() {
    assertRefused(
        "add rule ip t a jump nowhere\n", 1, "Could not process rule: No such file or directory");
  }

  @Test
  void jumpToABaseChainIsRefused() {
    assertRefused(
        "add rule ip t a jump in\n", 1, "Could not process rule: Operation not supported");
  }

  @Test
  void natInAFilterChainIsRefused() {
    assertRefused(
        "add rule ip t in dnat to 1.1.1.1\n", 1, "Could not process rule: Operation not supported");
  }

  @Test
  void portMappingWithoutTransportMatchIsRefused() {
    assertRefused(
        "add chain ip t n { type nat hook prerouting priority -100 ; }\n"
            + "add rule ip t n ip daddr 5.5.5.5 dnat to 1.1.1.1:80\n",
        2,
        "transport protocol mapping is only valid after transport protocol match");
  }

  @Test
  void loopReachableFromABaseChainIsRefused() {
    assertRefused(
        "add chain ip t b\nadd rule ip t a jump b\nadd rule ip t b jump a\n"
            + "add rule ip t in jump a\n",
        3,
        "Could not process rule: Too many links");
  }

  @Test
  void loopNoBaseChainReachesIsAccepted() {
    NftRuleset after =
        NftScriptParser.apply(
            BASE, "in.nft", "add chain ip t b\nadd rule ip t a jump b\nadd rule ip t b jump a\n");

    assertThat(after.table(NftFamily.IP, "t").orElseThrow().chains()).containsKey("b");
  }

  @Test
  void syntaxErrorNamesTheLine() {
    assertRefused(
        "add chain ip t c\nadd rule ip t c ip daddr 1.2.3.4 bogus\n",
        2,
        "syntax error, unexpected bogus");
  }

  @Test
  void refusedTransactionLeavesTheRulesetAsItWas() {
    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    BASE, "in.nft", "add table ip other\nadd rule ip t a jump nowhere\n"))
        .isInstanceOf(NftParseException.class);

    assertThat(BASE.table(NftFamily.IP, "other")).isEmpty();
  }

  @Test
  void elementOfTheWrongShapeIsRefused() {
    assertRefused(
        "add set ip t s { type ipv4_addr ; }\nadd element ip t s { 999.1.1.1 }\n",
        2,
        "Could not resolve hostname: Name or service not known");
  }

  @Test
  void deleteAChainStillJumpedToIsRefused() {
    assertRefused(
        "add chain ip t b\nadd rule ip t a jump b\ndelete chain ip t b\n",
        3,
        "Could not process rule: Device or resource busy");
  }

  @Test
  void mapElementIsDeletedByItsKeyAloneOrWithItsValue() {
    NftRuleset map =
        NftScriptParser.apply(
            BASE,
            "map.nft",
            "add chain ip t b\nadd map ip t m { type ipv4_addr . inet_proto . inet_service :"
                + " verdict ; }\nadd element ip t m { 10.0.0.1 . tcp . 80 : goto a, 10.0.0.2 ."
                + " tcp . 80 : goto a }\n");

    NftRuleset after =
        NftScriptParser.apply(
            map,
            "del.nft",
            "delete element ip t m { 10.0.0.1 . tcp . 80 }\n"
                + "delete element ip t m { 10.0.0.2 . tcp . 80 : goto b }\n");

    assertThat(after.table(NftFamily.IP, "t").orElseThrow().set("m").orElseThrow().elements())
        .isEmpty();
    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    map, "del.nft", "delete element ip t m { 10.0.0.9 . tcp . 80 }\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: No such file or directory");
  }

  /** A ruleset committed earlier, with a verdict map naming chain {@code b}. */
  private static final NftRuleset COMMITTED =
      NftScriptParser.apply(
          BASE,
          "committed.nft",
          "add chain ip t b\nadd chain ip t c\nadd rule ip t c accept\n"
              + "add map ip t m { type ipv4_addr : verdict ; }\n"
              + "add element ip t m { 10.0.0.1 : goto b }\nadd rule ip t in ip daddr vmap @m\n");

  @Test
  void loopClosedInALaterTransactionIsRefused() {
    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    COMMITTED, "later.nft", "add rule ip t b jump c\nadd rule ip t c jump b\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Too many links");
  }

  @Test
  void aTransactionKeepsTheCommittedChainsSetsAndTablesItDoesNotChange() {
    NftRuleset after =
        NftScriptParser.apply(COMMITTED, "later.nft", "add table ip other\nadd rule ip t c drop\n");

    NftTable before = COMMITTED.table(NftFamily.IP, "t").orElseThrow();
    NftTable table = after.table(NftFamily.IP, "t").orElseThrow();
    assertThat(table.chains().get("b")).isSameAs(before.chains().get("b"));
    assertThat(table.sets().get("m")).isSameAs(before.sets().get("m"));
    assertThat(table.chains().get("c").rules()).hasSize(2);
    assertThat(table.chains().keySet()).containsExactlyElementsOf(before.chains().keySet());
    NftRuleset again = NftScriptParser.apply(after, "again.nft", "add chain ip other x\n");
    assertThat(again.table(NftFamily.IP, "t").orElseThrow()).isSameAs(table);
  }

  @Test
  void aLaterTransactionGoesOnFromTheHighestHandle() {
    NftRuleset after = NftScriptParser.apply(COMMITTED, "later.nft", "add rule ip t c drop\n");
    NftTable before = COMMITTED.table(NftFamily.IP, "t").orElseThrow();
    NftTable table = after.table(NftFamily.IP, "t").orElseThrow();

    assertThat(table.chains().get("c").rules().get(1).handle()).isEqualTo(before.lastHandle() + 1);
    assertThat(table.lastHandle()).isEqualTo(before.lastHandle() + 1);
  }

  @Test
  void jumpsNestedTooDeepThroughCommittedChainsAreRefusedOnTheLineThatDeepensThem() {
    StringBuilder chains = new StringBuilder();
    for (int i = 1; i <= 16; i++) {
      chains.append("add chain ip t j").append(i).append('\n');
    }
    chains.append("add rule ip t in jump j1\n");
    for (int i = 1; i < 16; i++) {
      chains.append("add rule ip t j").append(i).append(" jump j").append(i + 1).append('\n');
    }
    NftRuleset sixteenDeep = NftScriptParser.apply(BASE, "deep.nft", chains.toString());

    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    sixteenDeep,
                    "deeper.nft",
                    "add rule ip t j16 accept\nadd rule ip t j16 jump a\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Too many links")
        .extracting(e -> ((NftParseException) e).location().line())
        .isEqualTo(2);
  }

  @Test
  void deleteAChainACommittedMapElementNamesIsRefusedUntilTheElementGoes() {
    assertThatThrownBy(() -> NftScriptParser.apply(COMMITTED, "later.nft", "delete chain ip t b\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Device or resource busy");

    NftRuleset after =
        NftScriptParser.apply(
            COMMITTED, "later.nft", "delete element ip t m { 10.0.0.1 }\ndelete chain ip t b\n");

    assertThat(after.table(NftFamily.IP, "t").orElseThrow().chains()).doesNotContainKey("b");
  }

  @Test
  void chainsAndSetsATransactionLeavesAloneAreKeptAsTheyWere() {
    NftRuleset after =
        NftScriptParser.apply(COMMITTED, "later.nft", "flush chain ip t c\nadd rule ip t c drop\n");

    NftTable before = COMMITTED.table(NftFamily.IP, "t").orElseThrow();
    NftTable now = after.table(NftFamily.IP, "t").orElseThrow();
    assertThat(now.chain("in").orElseThrow()).isSameAs(before.chain("in").orElseThrow());
    assertThat(now.set("m").orElseThrow()).isSameAs(before.set("m").orElseThrow());
    assertThat(now.chain("c").orElseThrow().rules()).hasSize(1);
    assertThat(now.chain("c")).isNotEqualTo(before.chain("c"));
  }
}
