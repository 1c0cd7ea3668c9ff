/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ctl tenant export [--prefix P] [--to FILE]}: every tenant and user with its stored secret,
 * as CSV {@code tenant,user,password} that {@code ctl tenant import} takes back. Read a page of
 * tenants at a time (EXPORT TENANTS ... AFTER), so memory does not grow with the cluster.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write every tenant and user with its stored password (a SCRAM-SHA-256 verifier, and on"
          + " md5 clusters also the md5 secret, one line each) as CSV tenant,user,password, the"
          + " form 'ctl tenant import' reads. Never a cleartext password: none is stored.",
      "The file holds secrets: with --to it is created readable by its owner only."
    })
final class TenantExportCommand implements Callable<Integer> {
  static final int PAGE = 1000;

  @ParentCommand TenantCommand tenant;
  @Spec CommandSpec spec;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Only tenants whose name starts with PREFIX.")
  String prefix = "";

  @Option(
      names = "--to",
      paramLabel = "FILE",
      description = "Write to FILE (via FILE.tmp, renamed when complete). Default: stdout.")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (file == null) {
      PrintWriter out = spec.commandLine().getOut();
      long tenants = write(out);
      out.flush();
      spec.commandLine().getErr().println("exported " + tenants + " tenants");
      return 0;
    }
    long tenants =
        AtomicFile.write(
            file,
            true,
            out -> {
              Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
              long written = write(csv);
              csv.flush();
              return written;
            });
    tenant
        .ctl
        .printer()
        .printDone(
            "exported " + tenants + " tenants to", file.toString(), spec.commandLine().getOut());
    return 0;
  }

  /** Writes the CSV; returns the number of tenants. */
  private long write(Writer out) throws Exception {
    long tenants = 0;
    String after = "";
    try (ConsoleClient console = tenant.ctl.connect()) {
      CSVPrinter csv = new CSVPrinter(out, TenantImportCommand.CSV);
      csv.printRecord(TenantImportCommand.HEADER);
      while (true) {
        ResultTable page =
            console.execute(TenantCommand.tenantPage("EXPORT TENANTS", prefix, after, PAGE));
        if (page.rows().isEmpty()) {
          break;
        }
        String last = "";
        for (List<String> row : page.rows()) {
          csv.printRecord(row.get(0), row.get(1), row.get(2));
          if (!row.get(0).equals(last)) {
            tenants++;
            last = row.get(0);
          }
        }
        after = last;
      }
      csv.flush();
    }
    return tenants;
  }
}
