/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import io.rhizome.topology.TenantNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl tenant create|list|info|drop}. */
@Command(
    name = "tenant",
    mixinStandardHelpOptions = true,
    description = "Create, list, inspect and drop tenants (one SQLite database each).",
    subcommands = {
      TenantCommand.Create.class,
      TenantCommand.ListTenants.class,
      TenantCommand.Info.class,
      TenantCommand.Drop.class
    })
public final class TenantCommand {
  @ParentCommand CtlCommand ctl;

  /** {@code ctl tenant create NAME [--user USER] --password-stdin}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a tenant and its first user.")
  static final class Create implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(
        names = "--user",
        paramLabel = "USER",
        description = "The tenant's first user. Default: the tenant name.")
    String user;

    @Option(
        names = "--password-stdin",
        required = true,
        description =
            "Read the user's password from the first line of standard input (so it never"
                + " appears in a process list or shell history).")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      String owner = user == null ? name : user;
      requireIdentifier("tenant name", name);
      requireIdentifier("user name", owner);
      String password = readPassword();
      try (ConsoleClient console = tenant.ctl.connect()) {
        ResultTable created =
            console.execute(
                "CREATE TENANT "
                    + name
                    + " USER "
                    + owner
                    + " PASSWORD "
                    + SqlLiterals.quote(password));
        tenant.ctl.printer().printOne(created, out(spec));
      }
      return 0;
    }

    private static String readPassword() throws IOException, CtlException {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || line.isEmpty()) {
        throw new CtlException("expected the password on the first line of standard input");
      }
      return line;
    }
  }

  /** {@code ctl tenant list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tenants.")
  static final class ListTenants implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (ConsoleClient console = tenant.ctl.connect()) {
        tenant.ctl.printer().printRows(console.execute("SHOW TENANTS"), out(spec));
      }
      return 0;
    }
  }

  /** {@code ctl tenant info NAME}. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show a tenant's shard, node, epoch, size on disk and open sessions.")
  static final class Info implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Override
    public Integer call() throws Exception {
      requireIdentifier("tenant name", name);
      try (ConsoleClient console = tenant.ctl.connect()) {
        tenant.ctl.printer().printOne(console.execute("SHOW TENANT " + name), out(spec));
      }
      return 0;
    }
  }

  /** {@code ctl tenant drop NAME [--force]}. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description =
          "Drop a tenant. Its files are moved to the trash directory in the node's data"
              + " directory (trash/<tenant>-<timestamp>.db), not deleted. Refused while the tenant"
              + " has open sessions, unless --force.")
  static final class Drop implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(
        names = "--force",
        description = "End the tenant's open sessions (their clients get 57P01) and drop it.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      requireIdentifier("tenant name", name);
      try (ConsoleClient console = tenant.ctl.connect()) {
        console.execute("DROP TENANT " + name + (force ? " FORCE" : ""));
        tenant.ctl.printer().printDone("dropped", name, out(spec));
      }
      return 0;
    }
  }

  /** Names go into console statements unquoted, so only the strict tenant-name rule may pass. */
  private static void requireIdentifier(String what, String value) throws CtlException {
    if (!TenantNames.isValid(value)) {
      throw new CtlException(
          "invalid "
              + what
              + ": use 1-63 characters of a-z, 0-9, '_' or '-', starting with a"
              + " letter or digit");
    }
  }

  private static PrintWriter out(CommandSpec spec) {
    return spec.commandLine().getOut();
  }
}
