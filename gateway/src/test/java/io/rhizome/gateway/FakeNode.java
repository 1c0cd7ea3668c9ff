/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.BindComplete;
import io.rhizome.proto.CancelKeys;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.CancelStatementResponse;
import io.rhizome.proto.CloseComplete;
import io.rhizome.proto.Column;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.DropTenantResponse;
import io.rhizome.proto.EmptyQuery;
import io.rhizome.proto.Error;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.NoData;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.Open;
import io.rhizome.proto.Opened;
import io.rhizome.proto.ParameterDescription;
import io.rhizome.proto.ParseComplete;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Ready;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Target;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.Value;
import io.rhizome.proto.WrongDbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for a storage node, served in-process: it speaks the session stream with
 * scripted answers so gateway tests can check what reaches the client. It is a collaborator of the
 * gateway under test, not a model of SQLite. Statements it understands:
 *
 * <ul>
 *   <li>{@code rows N}: columns (n int8, label text, half float8), N rows in batches of 500
 *   <li>{@code types}: one row with a value for each wire type
 *   <li>{@code missing}: Error 42P01
 *   <li>{@code die}: the stream fails, as when the node process dies
 *   <li>{@code begin} / {@code commit} / {@code rollback}: transaction status changes
 *   <li>{@code insert ...} / {@code update ...}: one row affected, unless {@link #frozenWrites} is
 *       positive: then the node refuses it as on a frozen shard and ends the session
 *   <li>anything else: CommandComplete with the statement's first word upper-cased
 * </ul>
 *
 * <p>Extended-query requests run the same statements through Parse/Bind/Describe/Execute (row
 * limits are not honoured); the values of every Bind are kept in {@link #bound}.
 */
final class FakeNode implements AutoCloseable {
  final List<Open> opens = new CopyOnWriteArrayList<>();
  final List<List<String>> queries = new CopyOnWriteArrayList<>();
  final List<DropTenantRequest> drops = new CopyOnWriteArrayList<>();

  /** What ListSessions reports (filtered by the request's tenant), and the requests it got. */
  volatile List<io.rhizome.proto.SessionInfo> sessions = List.of();

  final List<io.rhizome.proto.ListSessionsRequest> sessionLists = new CopyOnWriteArrayList<>();

  /** What TenantInfo reports as the open sessions of every tenant. */
  volatile int openSessions;

  final List<List<Value>> bound = new CopyOnWriteArrayList<>();
  final BlockingQueue<CancelStatementRequest> cancels = new LinkedBlockingQueue<>();

  /** The cancel key every session of this node gets (a real node makes a fresh one each time). */
  static final int BACKEND_PID = CancelKeys.processId(CancelKeys.nodeTag("n1"), 4242);

  static final int CANCEL_SECRET = 0x5EC2E7;

  /**
   * Tenants whose next opens are refused with wrong_db_server (as after a shard move), with how
   * many refusals are left.
   */
  final Map<String, Integer> refuseOpens = new ConcurrentHashMap<>();

  final CountDownLatch streamsEnded = new CountDownLatch(1);

  /** How many more writes to refuse with a frozen wrong_db_server (ending their session). */
  final AtomicInteger frozenWrites = new AtomicInteger();

  /** Session streams the gateway ended (half-closed or cancelled). */
  final AtomicInteger streamsEndedByGateway = new AtomicInteger();

  /** The open sessions' outbound streams, for {@link #endSessionsAsAfterAFlip()}. */
  private final Map<StreamObserver<SessionResponse>, AtomicBoolean> live =
      new ConcurrentHashMap<>();

  /**
   * Ends every open session with wrong_db_server, as the old owner does after a flip, while they
   * are idle. The stream is completed once the gateway lets go of it ({@link
   * #streamsEndedByGateway} counts it), so that a test can tell when the gateway has seen it.
   */
  void endSessionsAsAfterAFlip() {
    live.forEach(
        (out, ended) -> {
          synchronized (out) {
            if (!ended.get()) {
              out.onNext(wrongDbServer(SqlState.CANNOT_CONNECT_NOW, false));
            }
          }
        });
  }

  private static SessionResponse wrongDbServer(SqlState state, boolean frozen) {
    return SessionResponse.newBuilder()
        .setError(
            Error.newBuilder()
                .setSqlstate(state.code())
                .setMessage(frozen ? "shard is frozen" : "shard moved")
                .setWrongDbServer(WrongDbServer.newBuilder().setFrozen(frozen)))
        .build();
  }

  /** Whether to refuse this open of {@code tenant}, counting the refusal. */
  private boolean refuses(String tenant) {
    boolean[] refused = {false};
    refuseOpens.computeIfPresent(
        tenant,
        (t, left) -> {
          refused[0] = true;
          return left > 1 ? left - 1 : null;
        });
    return refused[0];
  }

  private final Server server;

  FakeNode(String name) {
    try {
      server =
          InProcessServerBuilder.forName(name)
              .addService(new Sessions())
              .addService(new Admin())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private static StreamObserver<SessionResponse> oneByOne(StreamObserver<SessionResponses> out) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SessionResponse response) {
        out.onNext(SessionResponses.newBuilder().addResponses(response).build());
      }

      @Override
      public void onError(Throwable t) {
        out.onError(t);
      }

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  private final class Sessions extends NodeSessionGrpc.NodeSessionImplBase {
    @Override
    public StreamObserver<SessionRequest> exchange(StreamObserver<SessionResponses> batches) {
      // One response per batch: the smallest batches the protocol allows.
      StreamObserver<SessionResponse> out = oneByOne(batches);
      return new StreamObserver<>() {
        TxStatus tx = TxStatus.IDLE;
        final Map<String, String> statements = new HashMap<>();
        final Map<String, String> portals = new HashMap<>();
        boolean skipping;
        final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void onNext(SessionRequest request) {
          synchronized (out) {
            if (!ended.get()) {
              handle(request);
            }
          }
        }

        private void handle(SessionRequest request) {
          if (request.hasOpen()) {
            open(request.getOpen());
          } else if (request.hasExtended()) {
            extended(request.getExtended());
          } else {
            queries.add(List.copyOf(request.getQuery().getStatementsList()));
            if (request.getQuery().getStatementsList().contains("die")) {
              ended.set(true);
              live.remove(out);
              out.onError(Status.INTERNAL.withDescription("node crashed").asRuntimeException());
              return;
            }
            for (String s : request.getQuery().getStatementsList()) {
              if (!run(s.trim().toLowerCase(Locale.ROOT))) {
                break;
              }
            }
            if (ended.get()) {
              return;
            }
            out.onNext(
                SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(tx)).build());
          }
        }

        private void open(Open open) {
          opens.add(open);
          if (refuses(open.getTenant())) {
            out.onNext(
                SessionResponse.newBuilder()
                    .setError(
                        Error.newBuilder()
                            .setSqlstate(SqlState.CANNOT_CONNECT_NOW.code())
                            .setMessage("shard moved")
                            .setWrongDbServer(
                                WrongDbServer.newBuilder()
                                    .setShard(open.getShard())
                                    .setEpoch(open.getEpoch() + 1)))
                    .build());
            out.onCompleted();
            return;
          }
          live.put(out, ended);
          out.onNext(
              SessionResponse.newBuilder()
                  .setOpened(
                      Opened.newBuilder()
                          .setNodeId("n1")
                          .setBackendPid(BACKEND_PID)
                          .setCancelSecret(CANCEL_SECRET))
                  .build());
          out.onNext(
              SessionResponse.newBuilder()
                  .setReady(Ready.newBuilder().setStatus(TxStatus.IDLE))
                  .build());
        }

        private void extended(Extended request) {
          for (ExtendedStep step : request.getStepsList()) {
            if (skipping) {
              break;
            }
            switch (step.getKindCase()) {
              case PARSE -> {
                statements.put(
                    step.getParse().getName(),
                    step.getParse().getSql().trim().toLowerCase(Locale.ROOT));
                out.onNext(
                    SessionResponse.newBuilder()
                        .setParseComplete(ParseComplete.getDefaultInstance())
                        .build());
              }
              case BIND -> {
                String sql = statements.get(step.getBind().getStatement());
                if (sql == null) {
                  out.onNext(error(SqlState.INVALID_SQL_STATEMENT_NAME, "no such statement"));
                  skipping = true;
                  break;
                }
                bound.add(List.copyOf(step.getBind().getParamsList()));
                portals.put(step.getBind().getPortal(), sql);
                out.onNext(
                    SessionResponse.newBuilder()
                        .setBindComplete(BindComplete.getDefaultInstance())
                        .build());
              }
              case DESCRIBE -> {
                boolean statement = step.getDescribe().getTarget() == Target.TARGET_STATEMENT;
                String sql =
                    (statement ? statements : portals)
                        .getOrDefault(step.getDescribe().getName(), "");
                if (statement) {
                  out.onNext(
                      SessionResponse.newBuilder()
                          .setParameterDescription(ParameterDescription.getDefaultInstance())
                          .build());
                }
                out.onNext(describe(sql));
              }
              case EXECUTE ->
                  skipping = !run(portals.getOrDefault(step.getExecute().getPortal(), ""));
              case CLOSE ->
                  out.onNext(
                      SessionResponse.newBuilder()
                          .setCloseComplete(CloseComplete.getDefaultInstance())
                          .build());
              default -> {}
            }
            if (ended.get()) {
              return;
            }
          }
          if (request.getSync()) {
            skipping = false;
          }
          out.onNext(
              SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(tx)).build());
        }

        private SessionResponse describe(String sql) {
          if (sql.startsWith("rows ")) {
            return rowsDescription();
          }
          if (sql.equals("types")) {
            return typesDescription();
          }
          return SessionResponse.newBuilder().setNoData(NoData.getDefaultInstance()).build();
        }

        /** Runs one statement; false when it failed (the rest are skipped). */
        private boolean run(String s) {
          if (s.startsWith("rows ")) {
            rows(Integer.parseInt(s.substring(5)));
          } else if (s.equals("types")) {
            types();
          } else if (s.equals("missing")) {
            out.onNext(error(SqlState.UNDEFINED_TABLE, "no such table: missing"));
            if (tx == TxStatus.IN_TRANSACTION) {
              tx = TxStatus.FAILED;
            }
            return false;
          } else if ((s.startsWith("insert") || s.startsWith("update"))
              && frozenWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // As a real node on a frozen shard: the write does not run and the session ends.
            out.onNext(
                wrongDbServer(
                    tx == TxStatus.IDLE
                        ? SqlState.CANNOT_CONNECT_NOW
                        : SqlState.SERIALIZATION_FAILURE,
                    true));
            ended.set(true);
            out.onCompleted();
            return false;
          } else if (s.isEmpty()) {
            out.onNext(
                SessionResponse.newBuilder()
                    .setEmptyQuery(EmptyQuery.getDefaultInstance())
                    .build());
          } else {
            String word = s.split("\\s+")[0].toUpperCase(Locale.ROOT);
            String tag = word;
            switch (word) {
              case "BEGIN" -> tx = TxStatus.IN_TRANSACTION;
              case "COMMIT", "ROLLBACK" -> tx = TxStatus.IDLE;
              case "INSERT" -> tag = "INSERT 0 1";
              case "UPDATE" -> tag = "UPDATE 1";
              default -> {}
            }
            out.onNext(complete(tag));
          }
          return true;
        }

        private SessionResponse rowsDescription() {
          return description(
              column("n", PgType.INT8),
              column("label", PgType.TEXT),
              column("half", PgType.FLOAT8));
        }

        private SessionResponse typesDescription() {
          return description(
              column("b", PgType.BOOL),
              column("bytes", PgType.BYTEA),
              column("d", PgType.DATE),
              column("ts", PgType.TIMESTAMPTZ),
              column("f", PgType.FLOAT8),
              column("num", PgType.NUMERIC),
              column("nothing", PgType.TEXT));
        }

        private void rows(int n) {
          out.onNext(rowsDescription());
          RowBatch.Builder batch = RowBatch.newBuilder();
          for (int i = 1; i <= n; i++) {
            batch.addRows(
                Row.newBuilder()
                    .addValues(Value.newBuilder().setInteger(i))
                    .addValues(Value.newBuilder().setText("row " + i))
                    .addValues(Value.newBuilder().setReal(i / 2.0)));
            if (batch.getRowsCount() == 500 || i == n) {
              out.onNext(SessionResponse.newBuilder().setRows(batch).build());
              batch = RowBatch.newBuilder();
            }
          }
          out.onNext(complete("SELECT " + n));
        }

        private void types() {
          out.onNext(typesDescription());
          out.onNext(
              SessionResponse.newBuilder()
                  .setRows(
                      RowBatch.newBuilder()
                          .addRows(
                              Row.newBuilder()
                                  .addValues(Value.newBuilder().setInteger(1))
                                  .addValues(
                                      Value.newBuilder()
                                          .setBlob(
                                              com.google.protobuf.ByteString.copyFrom(
                                                  new byte[] {1, 2})))
                                  .addValues(Value.newBuilder().setText("2024-02-29"))
                                  .addValues(Value.newBuilder().setInteger(1709164800L))
                                  .addValues(Value.newBuilder().setReal(1e20))
                                  .addValues(Value.newBuilder().setText("12.50"))
                                  .addValues(Value.newBuilder().setNull(true))))
                  .build());
          out.onNext(complete("SELECT 1"));
        }

        @Override
        public void onError(Throwable t) {
          streamsEnded.countDown();
          streamsEndedByGateway.incrementAndGet();
          live.remove(out);
          ended.set(true);
        }

        @Override
        public void onCompleted() {
          streamsEnded.countDown();
          streamsEndedByGateway.incrementAndGet();
          live.remove(out);
          synchronized (out) {
            if (ended.compareAndSet(false, true)) {
              out.onCompleted();
            }
          }
        }
      };
    }
  }

  private final class Admin extends NodeAdminGrpc.NodeAdminImplBase {
    @Override
    public void dropTenant(DropTenantRequest request, StreamObserver<DropTenantResponse> out) {
      drops.add(request);
      out.onNext(DropTenantResponse.newBuilder().setExisted(true).build());
      out.onCompleted();
    }

    @Override
    public void tenantInfo(
        io.rhizome.proto.TenantInfoRequest request,
        StreamObserver<io.rhizome.proto.TenantInfoResponse> out) {
      out.onNext(
          io.rhizome.proto.TenantInfoResponse.newBuilder()
              .setExists(true)
              .setSizeBytes(4096)
              .setOpenSessions(openSessions)
              .build());
      out.onCompleted();
    }

    @Override
    public void listSessions(
        io.rhizome.proto.ListSessionsRequest request,
        StreamObserver<io.rhizome.proto.ListSessionsResponse> out) {
      sessionLists.add(request);
      out.onNext(
          io.rhizome.proto.ListSessionsResponse.newBuilder()
              .setNodeId("n1")
              .addAllSessions(
                  sessions.stream()
                      .filter(
                          s ->
                              request.getTenant().isEmpty()
                                  || s.getTenant().equals(request.getTenant()))
                      .toList())
              .build());
      out.onCompleted();
    }

    @Override
    public void cancelStatement(
        CancelStatementRequest request, StreamObserver<CancelStatementResponse> out) {
      cancels.add(request);
      out.onNext(CancelStatementResponse.newBuilder().setMatched(true).build());
      out.onCompleted();
    }
  }

  private static Column column(String name, PgType type) {
    return Column.newBuilder().setName(name).setType(type).build();
  }

  private static SessionResponse description(Column... columns) {
    return SessionResponse.newBuilder()
        .setRowDescription(RowDescription.newBuilder().addAllColumns(List.of(columns)))
        .build();
  }

  private static SessionResponse complete(String tag) {
    return SessionResponse.newBuilder()
        .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
        .build();
  }

  private static SessionResponse error(SqlState state, String message) {
    return SessionResponse.newBuilder()
        .setError(Error.newBuilder().setSqlstate(state.code()).setMessage(message))
        .build();
  }
}
