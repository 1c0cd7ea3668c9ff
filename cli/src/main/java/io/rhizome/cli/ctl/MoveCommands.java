/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Shard moves: {@code ctl shard move}, {@code ctl move list|cancel}, {@code ctl node drain} and
 * {@code ctl rebalance}. Each only records moves through the console; the destination nodes carry
 * them out, a few at a time, so {@code ctl move list} is how to follow them.
 */
final class MoveCommands {
  private MoveCommands() {}

  /** {@code ctl shard move N --to NODE}. */
  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description =
          "Start moving a shard (all its tenants) to another live node; prints the new move."
              + " Follow it with 'ctl move list'.")
  static final class ShardMove implements Callable<Integer> {
    @ParentCommand ClusterCommands.Shards shards;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "N", description = "Shard number.")
    int shard;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "NODE",
        description = "Id of the live node to move the shard to.")
    String toNode;

    @Override
    public Integer call() throws Exception {
      if (shard < 0) {
        throw new ParameterException(spec.commandLine(), "the shard number must not be negative");
      }
      shards.ctl.printOne(
          "MOVE SHARD " + shard + " TO " + SqlLiterals.quote(toNode), spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code ctl move ...}. */
  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description = "Shard moves under way and finished ones.",
      subcommands = {MoveList.class, MoveCancel.class})
  static final class Moves {
    @ParentCommand CtlCommand ctl;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Every shard's current or last move: phase, progress, ETA while copying, attempts,"
              + " the last error.")
  static final class MoveList extends ClusterCommands.Show {
    @ParentCommand Moves moves;

    @Override
    CtlCommand ctl() {
      return moves.ctl;
    }

    @Override
    String statement() {
      return "SHOW MOVES";
    }
  }

  /** {@code ctl move cancel ID}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Ask a move to roll back (the source keeps the shard); refused once the move has"
              + " flipped.")
  static final class MoveCancel implements Callable<Integer> {
    @ParentCommand Moves moves;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "Move id, as 'ctl move list' shows.")
    String id;

    @Override
    public Integer call() throws Exception {
      moves.ctl.printOne("CANCEL MOVE " + SqlLiterals.quote(id), spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code ctl node drain NODE [--undo]}. */
  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description =
          "Mark a node draining (it takes no new shards), hand each shard it is the primary of"
              + " to an in-sync follower on another node, and start moving the others to the"
              + " least loaded nodes; prints a row per shard (handed over, or the move started).")
  static final class NodeDrain implements Callable<Integer> {
    @ParentCommand ClusterCommands.Nodes nodes;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NODE", description = "Node id.")
    String nodeId;

    @Option(
        names = "--undo",
        description =
            "Clear the draining mark instead: the node takes shards again (moves already started"
                + " go on).")
    boolean undo;

    @Override
    public Integer call() throws Exception {
      try (ConsoleClient console = nodes.ctl.connect()) {
        if (undo) {
          console.execute("UNDRAIN NODE " + SqlLiterals.quote(nodeId));
          nodes.ctl.printer().printDone("undrained", nodeId, spec.commandLine().getOut());
        } else {
          ResultTable started = console.execute("DRAIN NODE " + SqlLiterals.quote(nodeId));
          nodes.ctl.printer().printRows(started, spec.commandLine().getOut());
        }
      }
      return 0;
    }
  }

  /** {@code ctl rebalance [--dry-run]}. */
  @Command(
      name = "rebalance",
      mixinStandardHelpOptions = true,
      description =
          "Even out shard counts over the live nodes that are not draining, with the fewest"
              + " moves, and move shards off draining and down nodes; prints the moves started.")
  static final class Rebalance implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Spec CommandSpec spec;

    @Option(names = "--dry-run", description = "Print the plan (shard, from, to) without moving.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      ctl.printRows(dryRun ? "REBALANCE DRY RUN" : "REBALANCE", spec.commandLine().getOut());
      return 0;
    }
  }
}
