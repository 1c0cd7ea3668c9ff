/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import io.rhizome.cli.HostPort;
import io.rhizome.cli.server.BootstrapOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Administration through a gateway's admin console: ctl sends the same statements an admin would
 * type in psql, so the console and ctl are one implementation with two faces.
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Administer Rhizome through a gateway's (or standalone's) admin console.",
      "Signs in as user 'admin' with the password in $" + BootstrapOptions.ADMIN_PASSWORD_ENV + "."
    },
    subcommands = {
      TenantCommand.class,
      UserCommand.class,
      ClusterCommands.Nodes.class,
      ClusterCommands.Shards.class,
      ClusterCommands.Status.class,
      MoveCommands.Moves.class,
      MoveCommands.Rebalance.class,
      SessionCommands.Sessions.class
    })
public final class CtlCommand {

  @Option(
      names = "--server",
      defaultValue = "127.0.0.1:5432",
      paramLabel = "HOST:PORT",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Gateway or standalone address. Default: ${DEFAULT-VALUE}.")
  HostPort server;

  @Option(
      names = "--admin-database",
      defaultValue = "rhizome",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Name of the admin console database. Default: ${DEFAULT-VALUE}.")
  String adminDatabase;

  @Option(
      names = "--json",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print JSON instead of a table.")
  boolean json;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Seconds to wait for the server. Default: ${DEFAULT-VALUE}.")
  int connectTimeoutSeconds;

  /** Opens a console session with the admin password from the environment. */
  ConsoleClient connect() throws CtlException {
    String password = System.getenv(BootstrapOptions.ADMIN_PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new CtlException(
          "set " + BootstrapOptions.ADMIN_PASSWORD_ENV + " to the cluster admin's password");
    }
    return ConsoleClient.connect(
        server, adminDatabase, BootstrapOptions.ADMIN_USER, password, connectTimeoutSeconds);
  }

  /** The printer for the chosen output format. */
  ResultPrinter printer() {
    return json ? new JsonPrinter() : new TablePrinter();
  }

  /** Runs one console statement in a session of its own and prints its answer as one record. */
  void printOne(String statement, PrintWriter out) throws CtlException {
    try (ConsoleClient console = connect()) {
      printer().printOne(console.execute(statement), out);
    }
  }

  /** Runs one console statement in a session of its own and prints its rows. */
  void printRows(String statement, PrintWriter out) throws CtlException {
    try (ConsoleClient console = connect()) {
      printer().printRows(console.execute(statement), out);
    }
  }
}
