/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.auth.StoredPasswords;
import io.rhizome.gateway.auth.UserCredentials;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.Column;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.TenantImport;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.TenantPage;
import io.rhizome.topology.TenantQuery;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMPORT TENANTS and EXPORT TENANTS: tenants and their users in bulk, in the {@code tenant, user,
 * password} form of {@code ctl tenant import|export}, where a password is cleartext or stored as
 * Postgres stores it (a SCRAM-SHA-256 verifier, an md5 secret).
 *
 * <p>Import checks each row on its own: a bad row is answered "invalid" with the reason and the
 * others go on. Rows of one tenant (and user) are gathered, so a user given once with a SCRAM
 * verifier and once with an md5 secret (as EXPORT writes a user of an md5 cluster) keeps both. The
 * tenants then go to {@link Topology#importTenants} in one call: a few large transactions.
 * Passwords and secrets are never logged or echoed.
 */
final class TenantTransfers {
  private static final Logger log = LoggerFactory.getLogger(TenantTransfers.class);

  static final List<Column> IMPORT_COLUMNS =
      List.of(
          Results.column("tenant", PgType.TEXT),
          Results.column("user", PgType.TEXT),
          Results.column("outcome", PgType.TEXT),
          Results.column("detail", PgType.TEXT));

  static final List<Column> EXPORT_COLUMNS =
      List.of(
          Results.column("tenant", PgType.TEXT),
          Results.column("user", PgType.TEXT),
          Results.column("password", PgType.TEXT));

  /** A row's outcome words, as ctl counts them. */
  static final String CREATED = "created";

  static final String ADDED = "added";
  static final String EXISTS = "exists";
  static final String INVALID = "invalid";

  private final Topology topology;
  private final String adminDatabase;

  TenantTransfers(Topology topology, String adminDatabase) {
    this.topology = topology;
    this.adminDatabase = adminDatabase;
  }

  List<SessionResponse> export(AdminCommand.ExportTenants command) {
    TenantPage page;
    try {
      page = topology.tenants(new TenantQuery(command.prefix(), command.after(), command.limit()));
    } catch (TopologyException e) {
      throw AdminCommands.metadataError(e, "");
    }
    List<Row> rows = new ArrayList<>();
    for (TenantRecord t : page.tenants()) {
      for (UserRecord u : t.getUsersList()) {
        if (u.hasScram()) {
          rows.add(exportRow(t, u, StoredPasswords.scramText(u.getScram())));
        }
        if (!u.getMd5().isEmpty()) {
          rows.add(exportRow(t, u, u.getMd5()));
        }
      }
    }
    log.info("admin console: exported {} tenants", page.tenants().size());
    return Results.rows(EXPORT_COLUMNS, rows, "EXPORT TENANTS");
  }

  private static Row exportRow(TenantRecord t, UserRecord u, String secret) {
    return Results.row(Results.text(t.getName()), Results.text(u.getName()), Results.text(secret));
  }

  List<SessionResponse> importRows(AdminCommand.ImportTenants command) {
    AuthMethod method = topology.cluster().getAuthMethod();
    List<AdminCommand.ImportRow> rows = command.rows();
    String[] outcome = new String[rows.size()];
    String[] detail = new String[rows.size()];
    // tenant -> user -> the user's record, gathered from its rows in order.
    Map<String, Map<String, UserRecord>> tenants = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      AdminCommand.ImportRow row = rows.get(i);
      Optional<String> bad = check(row);
      if (bad.isPresent()) {
        outcome[i] = INVALID;
        detail[i] = bad.get();
        continue;
      }
      UserRecord user;
      try {
        user = UserCredentials.forPassword(row.user(), row.password(), method);
      } catch (IllegalArgumentException e) {
        outcome[i] = INVALID;
        detail[i] = e.getMessage();
        continue;
      }
      Map<String, UserRecord> users =
          tenants.computeIfAbsent(row.tenant(), t -> new LinkedHashMap<>());
      UserRecord earlier = users.get(row.user());
      if (earlier == null) {
        users.put(row.user(), user);
      } else if (complements(earlier, user)) {
        users.put(row.user(), earlier.toBuilder().mergeFrom(user).build());
      } else {
        outcome[i] = INVALID;
        detail[i] = "user " + row.user() + " of tenant " + row.tenant() + " is given twice";
      }
    }
    List<TenantImport> batch = new ArrayList<>(tenants.size());
    tenants.forEach(
        (name, users) -> batch.add(new TenantImport(name, List.copyOf(users.values()))));
    Map<String, TenantImport.Result> results = new HashMap<>();
    try {
      for (TenantImport.Result r : topology.importTenants(batch)) {
        results.put(r.name(), r);
      }
    } catch (TopologyException e) {
      if (e.reason() == TopologyException.Reason.CONFLICT) {
        throw PgException.error(SqlState.SERIALIZATION_FAILURE, e.getMessage() + "; run it again");
      }
      throw AdminCommands.metadataError(e, batch.isEmpty() ? "" : batch.get(0).name());
    }
    List<Row> out = new ArrayList<>(rows.size());
    int created = 0;
    int written = 0;
    for (int i = 0; i < rows.size(); i++) {
      AdminCommand.ImportRow row = rows.get(i);
      if (outcome[i] == null) {
        TenantImport.Result r = results.get(row.tenant());
        boolean wrote = r.usersWritten().contains(row.user());
        outcome[i] = r.outcome() == TenantImport.Outcome.CREATED ? CREATED : wrote ? ADDED : EXISTS;
        detail[i] = "";
      }
      out.add(
          Results.row(
              Results.text(row.tenant()),
              Results.text(row.user()),
              Results.text(outcome[i]),
              Results.text(detail[i])));
    }
    for (TenantImport.Result r : results.values()) {
      created += r.outcome() == TenantImport.Outcome.CREATED ? 1 : 0;
      written += r.usersWritten().size();
    }
    log.info(
        "admin console: imported {} rows: {} tenants created, {} users written",
        rows.size(),
        created,
        written);
    return Results.rows(IMPORT_COLUMNS, out, "IMPORT TENANTS");
  }

  /** Why a row cannot be imported, never quoting its password. */
  private Optional<String> check(AdminCommand.ImportRow row) {
    if (!TenantNames.isValid(row.tenant())) {
      return Optional.of(
          "invalid tenant name: use 1-63 characters of a-z, 0-9, '_' or '-', starting with a"
              + " letter or digit");
    }
    if (row.tenant().equals(adminDatabase)) {
      return Optional.of("tenant name " + row.tenant() + " is reserved for the admin console");
    }
    if (!TenantNames.isValid(row.user())) {
      return Optional.of(
          "invalid user name: use 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter"
              + " or digit");
    }
    if (row.password().isEmpty()) {
      return Optional.of("the password must not be empty");
    }
    return Optional.empty();
  }

  /** One row gives a SCRAM verifier and the other only an md5 secret (or the other way round). */
  private static boolean complements(UserRecord a, UserRecord b) {
    return (a.hasScram() && !b.hasScram() && a.getMd5().isEmpty() && !b.getMd5().isEmpty())
        || (b.hasScram() && !a.hasScram() && b.getMd5().isEmpty() && !a.getMd5().isEmpty());
  }
}
