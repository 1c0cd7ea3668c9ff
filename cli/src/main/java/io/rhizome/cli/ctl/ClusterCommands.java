/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ctl node list}, {@code ctl shard list} and {@code ctl status}: views of the cluster map.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  /** Runs one console SHOW and prints its rows. */
  abstract static class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    abstract CtlCommand ctl();

    abstract String statement();

    @Override
    public Integer call() throws Exception {
      ctl().printRows(statement(), spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code ctl node ...}. */
  @Command(
      name = "node",
      mixinStandardHelpOptions = true,
      description = "Storage nodes.",
      subcommands = {NodeList.class, MoveCommands.NodeDrain.class})
  static final class Nodes {
    @ParentCommand CtlCommand ctl;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Live nodes, and nodes that own shards but hold no live registration (state down);"
              + " nodes marked draining show it.")
  static final class NodeList extends Show {
    @ParentCommand Nodes nodes;

    @Override
    CtlCommand ctl() {
      return nodes.ctl;
    }

    @Override
    String statement() {
      return "SHOW NODES";
    }
  }

  /** {@code ctl shard ...}. */
  @Command(
      name = "shard",
      mixinStandardHelpOptions = true,
      description = "Shards: groups of tenants placed together.",
      subcommands = {ShardList.class, MoveCommands.ShardMove.class, ShardPromote.class})
  static final class Shards {
    @ParentCommand CtlCommand ctl;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Assigned shards with their primary node and epoch, replication factor, followers (in"
              + " sync or catching up), bytes the followers lack, and the archive's position and"
              + " lag (asked of the primaries).")
  static final class ShardList extends Show {
    @ParentCommand Shards shards;

    @Override
    CtlCommand ctl() {
      return shards.ctl;
    }

    @Override
    String statement() {
      return "SHOW SHARDS";
    }
  }

  /** {@code ctl shard promote N --to NODE}. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Planned handover: make the in-sync follower NODE the shard's primary (writes pause"
              + " briefly; the old primary follows it).")
  static final class ShardPromote implements Callable<Integer> {
    @ParentCommand Shards shards;
    @Spec CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "N", description = "Shard number.")
    int shard;

    @picocli.CommandLine.Option(
        names = "--to",
        required = true,
        paramLabel = "NODE",
        description = "Id of an in-sync follower of the shard.")
    String toNode;

    @Override
    public Integer call() throws Exception {
      if (shard < 0) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "the shard number must not be negative");
      }
      shards.ctl.printOne(
          "PROMOTE SHARD " + shard + " TO " + SqlLiterals.quote(toNode),
          spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "One line of cluster health: shards, shards whose owner is not live, nodes, tenants.")
  static final class Status extends Show {
    @ParentCommand CtlCommand ctl;

    @Override
    CtlCommand ctl() {
      return ctl;
    }

    @Override
    String statement() {
      return "SHOW STATUS";
    }
  }
}
