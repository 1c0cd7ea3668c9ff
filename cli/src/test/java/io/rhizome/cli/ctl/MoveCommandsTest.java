/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of the move verbs; what they send is covered by the console's tests and ITs. */
class MoveCommandsTest {

  private record Outcome(int exit, String out, String err) {}

  private static Outcome ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("ctl"));
    all.addAll(List.of(args));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void theMoveVerbsAreWhereTheOperatorLooks() {
    CommandLine ctl = Main.commandLine().getSubcommands().get("ctl");
    assertTrue(ctl.getSubcommands().keySet().containsAll(Set.of("move", "rebalance")));
    assertTrue(
        ctl.getSubcommands()
            .get("move")
            .getSubcommands()
            .keySet()
            .containsAll(Set.of("list", "cancel")));
    assertTrue(ctl.getSubcommands().get("shard").getSubcommands().containsKey("move"));
    assertTrue(ctl.getSubcommands().get("node").getSubcommands().containsKey("drain"));
  }

  @Test
  void shardMoveNeedsItsDestination() {
    Outcome o = ctl("shard", "move", "7");
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("--to"), o.err());
  }

  @Test
  void shardMoveRefusesANegativeShardBeforeConnecting() {
    Outcome o = ctl("shard", "move", "--to", "n2", "--", "-1");
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("must not be negative"), o.err());
  }

  @Test
  void shardMoveRefusesANonNumericShard() {
    assertEquals(2, ctl("shard", "move", "seven", "--to", "n2").exit());
  }

  @Test
  void helpExplainsDryRunAndUndo() {
    assertTrue(ctl("rebalance", "--help").out().contains("--dry-run"));
    assertTrue(ctl("node", "drain", "--help").out().contains("--undo"));
    assertTrue(ctl("move", "cancel", "--help").out().contains("ID"));
  }
}
