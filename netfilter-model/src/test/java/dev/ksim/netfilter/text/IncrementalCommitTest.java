package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.table.ChainGraph;
import dev.ksim.netfilter.table.ChainIds;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A {@code --noflush} restore of a table a restore made commits from what the check of that table
 * found and derives the committed table's chain map from the old one. Random restores (loops, jumps
 * to missing chains, deep chains, NAT targets at hooks that refuse them, chains deleted and created
 * again) are applied both so and to the same table rebuilt from its chains, which has nothing to
 * start from and is checked and listed whole: both must give the same verdict, the same error, the
 * same chains in the same (canonical) order, and the same reference counts; what the shortcut kept
 * of each chain must be at least what the whole check finds.
 */
class IncrementalCommitTest {
  private static final int CHAINS = 20;

  private static final List<String> BUILTINS =
      List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");

  private final IptablesRestoreParser parser =
      new IptablesRestoreParser("r", RuleEnvironment.PERMISSIVE, true);

  @Test
  void aRestoreCommittedFromTheTableBeforeMatchesOneCheckedWhole() {
    for (int seed = 1; seed <= 4; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Ruleset ruleset = parser.parse("*nat\nCOMMIT\n", Ruleset.EMPTY);
      int accepted = 0;
      for (int step = 0; step < 400; step++) {
        Ruleset next =
            restoredAlike(
                restore(random, List.copyOf(ruleset.table(Table.NAT).chains().keySet())), ruleset);
        if (next != null) {
          ruleset = next;
          accepted++;
        }
      }
      assertThat(accepted).isBetween(50, 350);
    }
  }

  @Test
  void aChainPutTooDeepByAChangeBelowItIsRefusedAlike() {
    StringBuilder line = new StringBuilder("*nat\n-A INPUT -j C0\n");
    for (int i = 0; i < 14; i++) {
      line.append(":C").append(i).append(" - [0:0]\n-A C").append(i).append(" -j C").append(i + 1);
      line.append('\n');
    }
    line.append(":C14 - [0:0]\nCOMMIT\n");
    Ruleset deepest = restoredAlike(line.toString(), parser.parse("*nat\nCOMMIT\n", Ruleset.EMPTY));
    assertThat(deepest).isNotNull();
    Ruleset deeper = restoredAlike("*nat\n:C15 - [0:0]\n-A C14 -j C15\nCOMMIT\n", deepest);
    assertThat(deeper).isNull();
    assertThat(restoredAlike("*nat\n:C15 - [0:0]\n-A C0 -j C15\nCOMMIT\n", deepest)).isNotNull();
  }

  /**
   * {@code text} restored onto {@code ruleset} and onto its nat table rebuilt from its chains, both
   * with the same outcome: the restored ruleset, or null when both refuse it alike.
   */
  private @Nullable Ruleset restoredAlike(String text, Ruleset ruleset) {
    Ruleset rebuilt =
        Ruleset.EMPTY.with(new TableState(Table.NAT, ruleset.table(Table.NAT).chains()));
    Object incremental = outcome(text, ruleset);
    Object whole = outcome(text, rebuilt);
    if (incremental instanceof Ruleset next && whole instanceof Ruleset checked) {
      assertSameTable(next.table(Table.NAT), checked.table(Table.NAT), text);
      return next;
    }
    assertThat(incremental).as(text).isEqualTo(whole);
    return null;
  }

  private void assertSameTable(TableState incremental, TableState whole, String text) {
    assertThat(IptablesSaveWriter.save(Ruleset.EMPTY.with(incremental), null, null, false))
        .as(text)
        .isEqualTo(IptablesSaveWriter.save(Ruleset.EMPTY.with(whole), null, null, false));
    assertThat(List.copyOf(incremental.chains().keySet()))
        .as(text)
        .isEqualTo(List.copyOf(TableState.of(Table.NAT, whole.chains()).chains().keySet()));
    ChainGraph fast = incremental.graph();
    ChainGraph checked = whole.graph();
    int[] fastReach = fast.reach();
    int[] checkedReach = checked.reach();
    assertThat(fastReach).isNotNull();
    assertThat(checkedReach).isNotNull();
    for (String name : incremental.chains().keySet()) {
      int slot = ChainIds.find(name);
      assertThat(fast.references(slot)).as(text).isEqualTo(checked.references(slot));
      int at = reach(fastReach, slot);
      int least = reach(checkedReach, slot);
      assertThat(at & least & 0xff).as(name + " after " + text).isEqualTo(least & 0xff);
      assertThat(at >>> 8).as(name + " after " + text).isGreaterThanOrEqualTo(least >>> 8);
    }
  }

  private static int reach(int @Nullable [] reach, int slot) {
    return reach != null && slot < reach.length ? reach[slot] : 0;
  }

  /** The restored ruleset, or the error's line and message. */
  private Object outcome(String text, Ruleset ruleset) {
    try {
      return parser.parse(text, ruleset);
    } catch (RulesParseException e) {
      return e.location().line() + ": " + e.getMessage();
    }
  }

  /**
   * A restore of the nat table of a few commands, most of them on chains of {@code existing} and
   * jumps along a line of chains.
   */
  private static String restore(SplittableRandom random, List<String> existing) {
    List<String> lines = new ArrayList<>();
    lines.add("*nat");
    int commands = 1 + random.nextInt(3);
    for (int i = 0; i < commands; i++) {
      String chain = existing.get(random.nextInt(existing.size()));
      String any = "C" + random.nextInt(CHAINS);
      String next =
          BUILTINS.contains(chain)
              ? "C0"
              : "C" + Math.min(1 + Integer.parseInt(chain.substring(1)), CHAINS - 1);
      lines.add(
          switch (random.nextInt(14)) {
            case 0, 1 -> ":" + any + " - [0:0]";
            case 2 -> "-N " + any;
            case 3 -> "-X " + any;
            case 4 -> "-F " + chain;
            case 5 -> "-D " + chain + " 1";
            case 6 -> "-A " + chain + " -p tcp -j DNAT --to-destination 10.0.0.1:80";
            case 7 -> "-A " + chain + " -j SNAT --to-source 10.0.0.2";
            case 8 -> "-A " + chain + " -j " + existing.get(random.nextInt(existing.size()));
            case 9 -> "-A " + chain + " -j " + any;
            default -> "-A " + chain + " -j " + next;
          });
    }
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }
}
