/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli;

import io.rhizome.cli.ctl.CtlCommand;
import io.rhizome.cli.ctl.CtlException;
import io.rhizome.cli.server.GatewayCommand;
import io.rhizome.cli.server.NodeCommand;
import io.rhizome.cli.server.StandaloneCommand;
import io.rhizome.topology.TopologyException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar rhizome.jar <command>}: the one entry point of every Rhizome process. */
@Command(
    name = "rhizome",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Postgres-wire, hard-multitenant database on SQLite.",
    subcommands = {
      StandaloneCommand.class,
      NodeCommand.class,
      GatewayCommand.class,
      CtlCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Netty's leak detector, unless the operator chose a level (see docs/architecture.md). */
  private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  public static void main(String[] args) {
    if (System.getProperty(LEAK_DETECTION) == null) {
      // It samples buffers with a stack trace each: about 2% of a point query's CPU. The tests
      // run it at the paranoid level on the protocol code instead.
      System.setProperty(LEAK_DETECTION, "disabled");
    }
    // The exit code is the command's contract with shells and service managers.
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.registerConverter(HostPort.class, HostPort::parse);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(Main::reportFailure);
    return cl;
  }

  /**
   * Operator mistakes and refused requests print one line; anything else is a bug and is logged
   * with its stack trace.
   */
  private static int reportFailure(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (e instanceof CtlException
        || e instanceof TopologyException
        || e instanceof IllegalStateException
        || e instanceof IllegalArgumentException) {
      cl.getErr().println("error: " + e.getMessage());
    } else {
      LoggerFactory.getLogger(Main.class).error("{} failed", cl.getCommandName(), e);
    }
    return 1;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
  }
}
