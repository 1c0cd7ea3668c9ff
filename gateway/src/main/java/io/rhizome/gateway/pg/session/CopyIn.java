/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyData;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyDone;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyFail;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.copy.CopyInParser;
import io.rhizome.gateway.pg.copy.CopyStatement;
import io.rhizome.gateway.pg.types.PgTypeCodec;
import io.rhizome.gateway.pg.types.PgTypes;
import io.rhizome.proto.Bind;
import io.rhizome.proto.Column;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY ... FROM STDIN on top of the node's extended protocol, so the node needs no COPY of its own.
 *
 * <ol>
 *   <li>The target columns and their types come from the description of {@code SELECT cols FROM t
 *       LIMIT 0}; an unknown table or column fails here, before the client sends anything.
 *   <li>CopyInResponse; the client's CopyData is parsed into rows, each value decoded by its
 *       column's type like a text-format Bind parameter.
 *   <li>Rows go to the node in batches as multi-row INSERTs, each batch one {@code Extended}
 *       request <em>without</em> sync: all batches then run in one implicit transaction (or in the
 *       client's explicit one). While a batch is on its way the client's input waits (socket reads
 *       pause), which bounds memory to one batch and one CopyData.
 *   <li>CopyDone sends the last batch with sync, which commits; the client gets "COPY n".
 * </ol>
 *
 * After an error (bad data, a constraint, CopyFail) the rest of the client's data is discarded
 * until CopyDone or CopyFail; then a sync that tells the node the gateway failed rolls everything
 * back (or fails the explicit transaction), and the client gets the first error.
 */
final class CopyIn implements CopyHost.Driver {
  /** Rows per request to the node. */
  static final int BATCH_ROWS = 5000;

  /** A batch is sent early once its values reach about this many characters. */
  static final int BATCH_CHARS = 1 << 20;

  /**
   * Batches on their way to the node at once: the gateway parses the next batch while the node
   * stores the previous one; past this many the client's input waits.
   */
  static final int MAX_IN_FLIGHT = 2;

  /** Rows per INSERT statement, bounded again by SQLite's limit on parameters. */
  static final int ROWS_PER_INSERT = 500;

  private static final int MAX_PARAMETERS = 32766;

  /** The longest line accepted (the default maximum message size). */
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private enum Phase {
    /** Waiting for the description of the target columns. */
    DESCRIBING,
    /** Taking CopyData, with up to MAX_IN_FLIGHT batches at the node. */
    COPYING,
    /** The request with sync went out: waiting for its Ready, the last. */
    SYNCING
  }

  private final CopyHost host;
  private final CopyStatement statement;
  private final int maxLineBytes;
  private Phase phase = Phase.DESCRIBING;
  private List<String> names;
  private PgTypeCodec[] codecs;
  private String insertPrefix;
  private int rowsPerInsert;
  private String fullInsert;
  private CopyInParser parser;

  private final List<Value> batch = new ArrayList<>();
  private int batchRows;
  private int batchChars;
  private long rows;
  private boolean clientDone;
  private PgError error;
  private int inFlight;

  /** The client's input waits for a batch to be stored (MAX_IN_FLIGHT reached). */
  private boolean paused;

  CopyIn(CopyHost host, CopyStatement statement) {
    this(host, statement, MAX_LINE_BYTES);
  }

  CopyIn(CopyHost host, CopyStatement statement, int maxLineBytes) {
    this.host = host;
    this.statement = statement;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void start() {
    inFlight = 1;
    host.awaitBackend();
    host.backend().execute(List.of(statement.select() + " LIMIT 0"));
  }

  // ---------------------------------------------------------------------------------------------
  // Backend

  @Override
  public void onResponse(SessionResponse response) {
    switch (response.getKindCase()) {
      case ROW_DESCRIPTION -> {
        if (phase == Phase.DESCRIBING) {
          describe(response.getRowDescription().getColumnsList());
        }
      }
      case ERROR -> fail(ResponseWriter.error(response.getError()));
      case READY -> onReady(response.getReady().getStatus());
      default -> {
        // ParseComplete, BindComplete, CommandComplete: the rows are counted as they are sent.
      }
    }
  }

  private void onReady(TxStatus status) {
    if (inFlight == 0) {
      throw PgException.fatal(SqlState.CONNECTION_FAILURE, "unexpected Ready from the node");
    }
    inFlight--;
    switch (phase) {
      case DESCRIBING -> {
        if (error == null && codecs == null) {
          error = PgError.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY FROM needs a table");
        }
        if (error != null) {
          host.copyFinished(status, error);
          return;
        }
        parser = new CopyInParser(statement.format(), names, maxLineBytes);
        phase = Phase.COPYING;
        host.write(BackendMessages.copyInResponse(host.alloc(), 0, codecs.length));
        host.flush();
        host.acceptCopyData();
      }
      case COPYING -> {
        boolean wasPaused = paused;
        paused = false;
        if (error == null) {
          if (wasPaused) {
            pump();
          }
        } else if (clientDone) {
          sync();
        } else if (wasPaused) {
          host.acceptCopyData();
        }
      }
      case SYNCING -> {
        if (inFlight > 0) {
          return;
        }
        if (error == null) {
          host.write(BackendMessages.commandComplete(host.alloc(), "COPY " + rows));
        }
        host.copyFinished(status, error);
      }
    }
  }

  private void describe(List<Column> columns) {
    int n = columns.size();
    if (n == 0) {
      return;
    }
    names = new ArrayList<>(n);
    codecs = new PgTypeCodec[n];
    List<String> quoted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(columns.get(i).getName());
      codecs[i] = PgTypes.forType(columns.get(i).getType());
      quoted.add(
          statement.columns().isEmpty()
              ? '"' + columns.get(i).getName().replace("\"", "\"\"") + '"'
              : statement.columns().get(i));
    }
    insertPrefix =
        "INSERT INTO " + statement.table() + " (" + String.join(", ", quoted) + ") VALUES ";
    rowsPerInsert = Math.max(1, Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / n));
    fullInsert = insert(rowsPerInsert);
  }

  // ---------------------------------------------------------------------------------------------
  // Client

  @Override
  public void onClientMessage(CopyMessage message) {
    if (message instanceof CopyData data) {
      if (error == null) {
        parser.feed(data.data());
        pump();
      }
    } else if (message instanceof CopyDone) {
      clientDone = true;
      if (error == null) {
        parser.endOfInput();
        pump();
      } else {
        sync();
      }
    } else if (message instanceof CopyFail fail) {
      clientDone = true;
      fail(PgError.error(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + fail.message()));
      sync();
    }
  }

  /** Parses what there is into the batch; sends it when full, or with sync at the end. */
  private void pump() {
    try {
      String[] row;
      while ((row = parser.next()) != null) {
        add(row);
        if (batchRows >= BATCH_ROWS || batchChars >= BATCH_CHARS) {
          send(false);
          if (inFlight >= MAX_IN_FLIGHT) {
            paused = true;
            host.awaitBackend();
            return;
          }
        }
      }
    } catch (PgException e) {
      String where = e.error().detail() == null ? "" : ", " + e.error().detail();
      fail(e.error().withDetail(statement.label() + where));
      if (clientDone) {
        sync();
      } else {
        host.acceptCopyData();
      }
      return;
    }
    if (clientDone) {
      send(true);
    } else {
      host.acceptCopyData();
    }
  }

  private void add(String[] row) {
    for (int i = 0; i < row.length; i++) {
      String text = row[i];
      if (text == null) {
        batch.add(NULL);
        continue;
      }
      try {
        batch.add(codecs[i].decodeText(text));
      } catch (PgException e) {
        batch.subList(batch.size() - i, batch.size()).clear();
        throw new PgException(
            e.error().withDetail("line " + parser.line() + ", column " + names.get(i)));
      }
      batchChars += text.length();
    }
    batchRows++;
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  private void send(boolean sync) {
    Extended.Builder request = Extended.newBuilder().setSync(sync);
    int n = codecs.length;
    int full = batchRows / rowsPerInsert;
    if (full > 0) {
      request.addSteps(parse(fullInsert));
      for (int c = 0; c < full; c++) {
        addInsert(request, batch.subList(c * rowsPerInsert * n, (c + 1) * rowsPerInsert * n));
      }
    }
    int tail = batchRows - full * rowsPerInsert;
    if (tail > 0) {
      request.addSteps(parse(insert(tail)));
      addInsert(request, batch.subList(full * rowsPerInsert * n, batchRows * n));
    }
    rows += batchRows;
    batch.clear();
    batchRows = 0;
    batchChars = 0;
    if (sync) {
      phase = Phase.SYNCING;
      host.awaitBackend();
    }
    inFlight++;
    host.backend().execute(request.build());
  }

  /**
   * Ends the COPY after an error: the node rolls back the implicit transaction (or fails the
   * explicit one), whether the error was its own or the gateway's.
   */
  private void sync() {
    batch.clear();
    batchRows = 0;
    phase = Phase.SYNCING;
    host.awaitBackend();
    inFlight++;
    host.backend().execute(Extended.newBuilder().setSync(true).setGatewayFailed(true).build());
  }

  private static ExtendedStep parse(String sql) {
    return ExtendedStep.newBuilder().setParse(Parse.newBuilder().setSql(sql)).build();
  }

  private static void addInsert(Extended.Builder request, List<Value> values) {
    request.addSteps(ExtendedStep.newBuilder().setBind(Bind.newBuilder().addAllParams(values)));
    request.addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()));
  }

  private String insert(int rowCount) {
    int n = codecs.length;
    StringBuilder sql = new StringBuilder(insertPrefix.length() + rowCount * n * 6);
    sql.append(insertPrefix);
    int p = 1;
    for (int r = 0; r < rowCount; r++) {
      sql.append(r == 0 ? "(" : ", (");
      for (int c = 0; c < n; c++) {
        if (c > 0) {
          sql.append(", ");
        }
        sql.append('$').append(p++);
      }
      sql.append(')');
    }
    return sql.toString();
  }

  private void fail(PgError e) {
    if (error == null) {
      error = e;
    }
  }
}
