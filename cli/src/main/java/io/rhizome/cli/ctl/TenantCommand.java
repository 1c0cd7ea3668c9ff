/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl tenant create|list|import|export|info|top|where|drop|move|limits|backup|restore}. */
@Command(
    name = "tenant",
    mixinStandardHelpOptions = true,
    description = "Create, list, inspect and drop tenants (one SQLite database each).",
    subcommands = {
      TenantCommand.Create.class,
      TenantCommand.ListTenants.class,
      TenantImportCommand.class,
      TenantExportCommand.class,
      TenantCommand.Info.class,
      TenantCommand.Top.class,
      TenantCommand.Where.class,
      TenantCommand.Drop.class,
      TenantCommand.Move.class,
      TenantCommand.Limits.class,
      TenantCommand.Backup.class,
      TenantCommand.Restore.class
    })
public final class TenantCommand {
  @ParentCommand CtlCommand ctl;

  /** {@code ctl tenant create NAME [--user USER] [--own-shard [--node NODE]] --password-stdin}. */
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

    @Option(
        names = "--own-shard",
        description =
            "Put the tenant alone on a private shard of its own (numbered above the hashed"
                + " shards), so 'ctl tenant move' can move it without moving anyone else.")
    boolean ownShard;

    @Option(
        names = "--node",
        paramLabel = "NODE",
        description =
            "With --own-shard: the live node to place the private shard on. Default: the node"
                + " holding the fewest shards.")
    String node;

    @Override
    public Integer call() throws Exception {
      if (node != null && !ownShard) {
        throw new ParameterException(spec.commandLine(), "--node needs --own-shard");
      }
      String owner = user == null ? name : user;
      CtlInput.requireIdentifier("tenant name", name);
      CtlInput.requireIdentifier("user name", owner);
      String password = CtlInput.readPassword();
      tenant.ctl.printOne(statement(name, owner, password, ownShard, node), out(spec));
      return 0;
    }

    /** The console statement; names are checked identifiers, password and node are quoted. */
    static String statement(
        String name, String owner, String password, boolean ownShard, String node) {
      StringBuilder sql =
          new StringBuilder("CREATE TENANT ")
              .append(name)
              .append(" USER ")
              .append(owner)
              .append(" PASSWORD ")
              .append(SqlLiterals.quote(password));
      if (ownShard) {
        sql.append(" WITH OWN SHARD");
        if (node != null) {
          sql.append(" ON NODE ").append(SqlLiterals.quote(node));
        }
      }
      return sql.toString();
    }
  }

  /** {@code ctl tenant move NAME --to NODE}. */
  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description =
          "Start moving a tenant to another live node; prints the new move (follow it with 'ctl"
              + " move list'). Only a tenant alone on its shard (created with --own-shard, or the"
              + " only tenant of its hashed shard) can move by itself; for a shared shard use"
              + " 'ctl shard move'.")
  static final class Move implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "NODE",
        description = "Id of the live node to move the tenant to.")
    String toNode;

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("tenant name", name);
      tenant.ctl.printOne(statement(name, toNode), out(spec));
      return 0;
    }

    /** The console statement; the name is a checked identifier, the node id is quoted. */
    static String statement(String name, String toNode) {
      return "MOVE TENANT " + name + " TO " + SqlLiterals.quote(toNode);
    }
  }

  /** {@code ctl tenant where NAME}. */
  @Command(
      name = "where",
      mixinStandardHelpOptions = true,
      description =
          "Where a tenant lives: shard, owner node, epoch, the node's address and state. From the"
              + " gateway's cached map, so it answers while the node is down.")
  static final class Where implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("tenant name", name);
      tenant.ctl.printOne("SHOW PLACEMENT " + name, out(spec));
      return 0;
    }
  }

  /** {@code ctl tenant list [--prefix P] [--after NAME] [--limit N]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List tenants in name order, one page at a time (read from the metadata store, so a"
            + " cluster of any size answers quickly).",
        "When more tenants follow the page, a line on standard error says how to continue."
      })
  static final class ListTenants implements Callable<Integer> {
    /** The console's largest page. */
    static final int MAX_LIMIT = 10_000;

    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Option(
        names = "--prefix",
        paramLabel = "PREFIX",
        description = "Only tenants whose name starts with PREFIX.")
    String prefix = "";

    @Option(
        names = "--after",
        paramLabel = "NAME",
        description = "Start after this name (the last one of the previous page).")
    String after = "";

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "1000",
        description = "Most tenants to list, 1-" + MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() throws Exception {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new ParameterException(
            spec.commandLine(), "--limit takes a number from 1 to " + MAX_LIMIT);
      }
      // One more than printed tells whether another page follows.
      int ask = Math.min(limit + 1, MAX_LIMIT);
      ResultTable page;
      try (ConsoleClient console = tenant.ctl.connect()) {
        page = console.execute(tenantPage("SHOW TENANTS", prefix, after, ask));
      }
      boolean more = page.rows().size() > limit || page.rows().size() == MAX_LIMIT;
      List<List<String>> shown = page.rows().subList(0, Math.min(limit, page.rows().size()));
      tenant
          .ctl
          .printer()
          .printRows(new ResultTable(page.columns(), page.numeric(), shown), out(spec));
      if (more && !shown.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "more tenants follow: ctl tenant list --after "
                    + shown.get(shown.size() - 1).get(0)
                    + (prefix.isEmpty() ? "" : " --prefix " + prefix));
      }
      return 0;
    }
  }

  /** {@code ctl tenant top [--by FIGURE] [--limit N]}: SHOW TENANT STATS. */
  @Command(
      name = "top",
      mixinStandardHelpOptions = true,
      description =
          "The busiest tenants since their node started, largest first: statements, errors, time"
              + " (total ms, mean µs per statement), rows and bytes sent, size on disk, last"
              + " activity. One row per tenant and node.")
  static final class Top implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Option(
        names = "--by",
        defaultValue = "time",
        paramLabel = "FIGURE",
        description =
            "time, statements, errors, rows, bytes, size or last_active. Default:"
                + " ${DEFAULT-VALUE}.")
    String by;

    @Option(
        names = "--limit",
        defaultValue = "20",
        paramLabel = "N",
        description = "Rows to show (1-10000). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("figure", by);
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
      }
      tenant.ctl.printRows("SHOW TENANT STATS ORDER BY " + by + " LIMIT " + limit, out(spec));
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
      CtlInput.requireIdentifier("tenant name", name);
      tenant.ctl.printOne("SHOW TENANT " + name, out(spec));
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
      CtlInput.requireIdentifier("tenant name", name);
      try (ConsoleClient console = tenant.ctl.connect()) {
        console.execute("DROP TENANT " + name + (force ? " FORCE" : ""));
        tenant.ctl.printer().printDone("dropped", name, out(spec));
      }
      return 0;
    }
  }

  /** {@code ctl tenant backup NAME --to FILE}. */
  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description =
          "Write a consistent copy of a tenant's database (a SQLite file) to FILE, while its"
              + " clients go on writing. The copy goes to FILE.tmp first and is renamed when"
              + " complete.")
  static final class Backup implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "Backup file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("tenant name", name);
      AtomicFile.write(
          file,
          false,
          out -> {
            try (ConsoleClient console = tenant.ctl.connect()) {
              console.copyOut("BACKUP TENANT " + name + " TO STDOUT", out);
            }
            return null;
          });
      tenant.ctl.printer().printDone("backed up", name, out(spec));
      return 0;
    }
  }

  /** {@code ctl tenant restore NAME --from FILE [--force]}. */
  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Replace a tenant's database with a backup file (ctl tenant backup), or with the"
              + " database as it was at a moment (--at), rebuilt from the cluster's archive. The"
              + " result must pass SQLite's integrity check. The replaced files go to the node's"
              + " trash directory. Refused while the tenant has open sessions, unless --force.")
  static final class Restore implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(names = "--from", paramLabel = "FILE", description = "Backup file.")
    Path file;

    @Option(
        names = "--at",
        paramLabel = "TIMESTAMP",
        description =
            "Restore the database as it was at this moment (ISO-8601, e.g."
                + " 2026-12-06T04:00:00Z; without a zone, UTC) from the archive.")
    String at;

    @Option(
        names = "--from-archive",
        description = "With --at: the source is the cluster's archive (the only one for --at).")
    boolean fromArchive;

    @Option(
        names = "--force",
        description = "End the tenant's open sessions (their clients get 57P01) and restore.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("tenant name", name);
      if ((file == null) == (at == null)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "give either --from FILE or --at TIMESTAMP");
      }
      if (fromArchive && at == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--from-archive goes with --at");
      }
      if (at != null) {
        tenant.ctl.printOne(
            "RESTORE TENANT " + name + " AT " + SqlLiterals.quote(at) + (force ? " FORCE" : ""),
            out(spec));
        return 0;
      }
      try (ConsoleClient console = tenant.ctl.connect();
          InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        console.copyIn("RESTORE TENANT " + name + " FROM STDIN" + (force ? " FORCE" : ""), in);
        tenant.ctl.printer().printDone("restored", name, out(spec));
      }
      return 0;
    }
  }

  /** {@code ctl tenant limits NAME [--max-database-size N] [...] [--reset LIMIT]...}. */
  @Command(
      name = "limits",
      mixinStandardHelpOptions = true,
      description = {
        "Show or change a tenant's limits. A limit the tenant does not override shows as empty and"
            + " follows its node's flag. Changes apply to the tenant's new sessions.",
        "Limits: max_database_size, statement_timeout, max_result_rows."
      })
  static final class Limits implements Callable<Integer> {
    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Tenant (database) name.")
    String name;

    @Option(
        names = "--max-database-size",
        paramLabel = "BYTES",
        description = "Largest the database may grow (53100 past it; it stays readable).")
    Long maxDatabaseSize;

    @Option(
        names = "--statement-timeout",
        paramLabel = "MILLIS",
        description = "Longest a statement may run, rows sent included (57014); 0 for none.")
    Long statementTimeout;

    @Option(
        names = "--max-result-rows",
        paramLabel = "N",
        description = "Most rows one statement may return (54000 past it); 0 for none.")
    Long maxResultRows;

    @Option(
        names = "--reset",
        paramLabel = "LIMIT",
        description = "Go back to the node's flag for this limit (repeatable), or 'all'.")
    List<String> reset = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("tenant name", name);
      List<String> set = new ArrayList<>();
      addSetting(set, "max_database_size", maxDatabaseSize);
      addSetting(set, "statement_timeout", statementTimeout);
      addSetting(set, "max_result_rows", maxResultRows);
      for (String limit : reset) {
        if (!limit.matches("[a-z_]{1,40}")) {
          throw new CtlException("unknown limit \"" + limit + "\"");
        }
      }
      try (ConsoleClient console = tenant.ctl.connect()) {
        ResultTable result = null;
        if (!reset.isEmpty()) {
          result = console.execute("ALTER TENANT " + name + " RESET " + String.join(", ", reset));
        }
        if (!set.isEmpty()) {
          result = console.execute("ALTER TENANT " + name + " SET " + String.join(", ", set));
        }
        if (result == null) {
          result = console.execute("SHOW LIMITS " + name);
        }
        tenant.ctl.printer().printOne(result, out(spec));
      }
      return 0;
    }

    private static void addSetting(List<String> set, String limit, Long value) throws CtlException {
      if (value != null) {
        if (value < 0) {
          throw new CtlException(limit + " must not be negative");
        }
        set.add(limit + " = " + value);
      }
    }
  }

  /**
   * A console statement over one page of tenants in name order (SHOW TENANTS, EXPORT TENANTS).
   * Prefix and cursor are quoted, the console checks them; empty means none.
   */
  static String tenantPage(String command, String prefix, String after, int limit) {
    StringBuilder sql = new StringBuilder(command);
    if (!prefix.isEmpty()) {
      sql.append(" PREFIX ").append(SqlLiterals.quote(prefix));
    }
    if (!after.isEmpty()) {
      sql.append(" AFTER ").append(SqlLiterals.quote(after));
    }
    return sql.append(" LIMIT ").append(limit).toString();
  }

  static PrintWriter out(CommandSpec spec) {
    return spec.commandLine().getOut();
  }
}
