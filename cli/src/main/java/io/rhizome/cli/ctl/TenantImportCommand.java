/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ctl tenant import FILE}: creates tenants and users in bulk from CSV {@code
 * tenant,user,password} through the console's IMPORT TENANTS, a batch of rows per statement (the
 * gateway writes each batch in a few metadata transactions). The file is streamed, so its size does
 * not matter. Rows of one tenant that follow each other go in one batch. Idempotent: a tenant or
 * user that exists is left as it is, so an import cut short is finished by running it again.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Create tenants and users from a CSV file of tenant,user,password rows (a header row"
          + " 'tenant,user,password' is skipped). A password is cleartext, or stored as"
          + " PostgreSQL's pg_authid holds it: 'SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>'"
          + " or 'md5<32 hex digits>' (md5 only on clusters created with --auth-method md5 or"
          + " password), so users keep their passwords.",
      "A tenant that exists keeps its users and gets the ones it lacks; re-running an import"
          + " changes nothing. Rows that cannot be imported are reported on standard error with"
          + " their line number, and the command then exits with 1.",
      "Progress goes to standard error on a terminal; a summary to standard output."
    })
final class TenantImportCommand implements Callable<Integer> {
  static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
  static final List<String> HEADER = List.of("tenant", "user", "password");

  /** The console's limit per statement. */
  static final int MAX_BATCH = 10_000;

  @ParentCommand TenantCommand tenant;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "CSV file; '-' for standard input.")
  String file;

  @Option(
      names = "--batch",
      paramLabel = "ROWS",
      defaultValue = "500",
      description =
          "Rows per IMPORT TENANTS statement, 1-" + MAX_BATCH + ". Default: ${DEFAULT-VALUE}.")
  int batch;

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new ParameterException(spec.commandLine(), "--batch takes 1 to " + MAX_BATCH);
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = System.console() != null;
    ImportTally tally = new ImportTally();
    long started = System.nanoTime();
    try (Reader reader =
            "-".equals(file)
                ? new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        ConsoleClient console = tenant.ctl.connect()) {
      Iterator<CSVRecord> records = CSV.parse(reader).iterator();
      List<Line> pending = new ArrayList<>();
      while (records.hasNext()) {
        CSVRecord record = records.next();
        Line line = Line.of(record);
        if (line == null) {
          continue; // the header
        }
        if (line.problem != null) {
          tally.invalid(line.number, line.problem, err);
          continue;
        }
        // Cut at a tenant boundary, so one tenant's rows reach the console together.
        if (pending.size() >= batch
            && (!pending.get(pending.size() - 1).tenant.equals(line.tenant)
                || pending.size() >= MAX_BATCH)) {
          send(console, pending, tally, err);
          pending.clear();
          if (terminal) {
            tally.progress(started, err);
          }
        }
        pending.add(line);
      }
      if (!pending.isEmpty()) {
        send(console, pending, tally, err);
      }
    }
    if (terminal) {
      err.println();
    }
    tenant.ctl.printer().printOne(tally.summary(started), TenantCommand.out(spec));
    return tally.invalidRows() == 0 ? 0 : 1;
  }

  private static void send(
      ConsoleClient console, List<Line> lines, ImportTally tally, PrintWriter err)
      throws CtlException {
    StringBuilder sql = new StringBuilder("IMPORT TENANTS VALUES ");
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      sql.append(i == 0 ? "(" : ", (")
          .append(SqlLiterals.quote(l.tenant))
          .append(", ")
          .append(SqlLiterals.quote(l.user))
          .append(", ")
          .append(SqlLiterals.quote(l.password))
          .append(')');
    }
    ResultTable answer = console.execute(sql.toString());
    if (answer.rows().size() != lines.size()) {
      throw new CtlException(
          "the server answered " + answer.rows().size() + " rows for " + lines.size() + " sent");
    }
    for (int i = 0; i < lines.size(); i++) {
      List<String> row = answer.rows().get(i);
      tally.row(lines.get(i).number, row.get(0), row.get(2), row.get(3), err);
    }
  }

  /** One data row of the file, or the reason it cannot be sent. */
  private static final class Line {
    final long number;
    final String tenant;
    final String user;
    final String password;
    final String problem;

    private Line(long number, String tenant, String user, String password, String problem) {
      this.number = number;
      this.tenant = tenant;
      this.user = user;
      this.password = password;
      this.problem = problem;
    }

    /** Null for the header row. */
    static Line of(CSVRecord r) {
      long number = r.getRecordNumber();
      if (number == 1 && r.size() == 3 && HEADER.equals(r.toList())) {
        return null;
      }
      if (r.size() != 3) {
        return new Line(
            number, "", "", "", "expected 3 fields (tenant,user,password), got " + r.size());
      }
      if (r.get(2).indexOf('\0') >= 0) {
        return new Line(number, r.get(0), "", "", "the password holds a NUL character");
      }
      return new Line(number, r.get(0), r.get(1), r.get(2), null);
    }
  }
}
