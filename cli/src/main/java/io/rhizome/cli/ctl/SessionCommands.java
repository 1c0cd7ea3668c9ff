/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl session list}: the client sessions of the whole cluster (pg_stat_activity). */
final class SessionCommands {
  private SessionCommands() {}

  /** {@code ctl session ...}. */
  @Command(
      name = "session",
      mixinStandardHelpOptions = true,
      description = "Client sessions.",
      subcommands = {SessionList.class})
  static final class Sessions {
    @ParentCommand CtlCommand ctl;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Every open client session on every live node: tenant, user, client address,"
              + " application name, gateway, state (idle, active, idle in transaction), when it"
              + " started and last changed state, its current or last statement (never parameter"
              + " values), backend pid. A node that does not answer within 3 s shows as one row"
              + " in state 'unavailable'.")
  static final class SessionList implements Callable<Integer> {
    @ParentCommand Sessions sessions;
    @Spec CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "NAME", description = "Only this tenant's sessions.")
    String tenant;

    @Override
    public Integer call() throws Exception {
      String statement = "SHOW SESSIONS";
      if (tenant != null) {
        CtlInput.requireIdentifier("tenant name", tenant);
        statement += " FOR TENANT " + tenant;
      }
      sessions.ctl.printRows(statement, spec.commandLine().getOut());
      return 0;
    }
  }
}
