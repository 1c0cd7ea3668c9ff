/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.frames;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NettyTransport;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.TwoNodes;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.node.NodeServer;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.ShardRecord;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client sessions over session frames against real nodes: through the gateway with pgjdbc, and at
 * the stream level (flow control per stream on one shared connection).
 */
class SessionFramesTest {
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  private TwoNodes nodes;
  private GatewayServer gateway;
  private NodeChannels grpcOnly;
  private EventLoopGroup loops;

  private void start(boolean framesAtTheGateway) throws Exception {
    nodes = new TwoNodes(dir);
    NodeChannels channels = nodes.channels;
    if (!framesAtTheGateway) {
      grpcOnly = NodeChannels.createGrpcOnly();
      channels = grpcOnly;
    }
    gateway =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
            nodes.topology,
            channels);
    try (Connection admin = connect("rhizome", "admin", TwoNodes.ADMIN_PASSWORD);
        Statement st = admin.createStatement()) {
      st.execute("CREATE TENANT acme USER app PASSWORD 'secret'");
    }
    try (Connection app = connect("acme", "app", "secret");
        Statement st = app.createStatement()) {
      st.execute("create table big (id integer primary key, v text)");
      st.execute(
          "insert into big with recursive n(i) as (select 1 union all select i + 1 from n where i <"
              + " "
              + ROWS
              + ") select i, printf('%0100d', i) from n");
    }
  }

  @AfterEach
  void stop() {
    if (loops != null) {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (grpcOnly != null) {
      grpcOnly.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  private Connection connect(String database, String user, String password) throws SQLException {
    Properties p = new Properties();
    if (database.equals("rhizome")) {
      p.setProperty("preferQueryMode", "simple");
    }
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    InetSocketAddress a = gateway.boundAddress();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + database, p);
  }

  private NodeServer owner() {
    int shard = nodes.topology.shardOf("acme");
    return nodes.node(nodes.topology.shard(shard).orElseThrow().getNodeId());
  }

  private long readAll(Connection c) throws SQLException {
    c.setAutoCommit(false); // pgjdbc fetches in portions only inside a transaction
    long sum = 0;
    try (Statement st = c.createStatement()) {
      st.setFetchSize(500);
      try (ResultSet rs = st.executeQuery("select id, v from big order by id")) {
        while (rs.next()) {
          sum += rs.getInt(1);
          assertEquals(100, rs.getString(2).length());
        }
      }
    }
    c.commit();
    return sum;
  }

  @Test
  void clientSessionsCrossOnSessionFramesWhenTheNodeOffersThem() throws Exception {
    start(true);
    assertFalse(
        nodes.topology.node("n1").orElseThrow().getSessionAddress().isEmpty(),
        "the node publishes its session address");
    try (Connection c = connect("acme", "app", "secret")) {
      assertEquals((long) ROWS * (ROWS + 1) / 2, readAll(c));
      assertTrue(owner().sessionConnections() >= 1, "the gateway connected over frames");
    }
  }

  @Test
  void aGatewayWithoutFramesStillReachesTheNodeOverGrpc() throws Exception {
    start(false);
    try (Connection c = connect("acme", "app", "secret")) {
      assertEquals((long) ROWS * (ROWS + 1) / 2, readAll(c));
    }
    assertEquals(0, owner().sessionConnections());
  }

  /** Records what the node sends one stream; callbacks arrive on the loop. */
  private static final class Recorder implements SessionStream.Listener {
    final BlockingQueue<SessionResponses> batches = new LinkedBlockingQueue<>();
    final BlockingQueue<Status> ends = new LinkedBlockingQueue<>();

    @Override
    public void onBatch(SessionResponses batch) {
      batches.add(batch);
    }

    @Override
    public void onEnd(Status status) {
      ends.add(status);
    }

    SessionResponses next() throws InterruptedException {
      SessionResponses batch = batches.poll(30, TimeUnit.SECONDS);
      assertNotNull(batch, "no batch arrived; ended: " + ends.peek());
      return batch;
    }
  }

  private <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
    return loop.submit(task).get(30, TimeUnit.SECONDS);
  }

  /** An endpoint on {@code loop} to the session port of the node that owns tenant acme's shard. */
  private FrameEndpoint endpointToOwnerOfAcme(EventLoop loop) throws Exception {
    return endpointToOwnerOfAcme(loop, 1);
  }

  private FrameEndpoint endpointToOwnerOfAcme(EventLoop loop, int firstStreamId) throws Exception {
    ShardRecord placement = nodes.topology.shard(nodes.topology.shardOf("acme")).orElseThrow();
    String address = nodes.topology.node(placement.getNodeId()).orElseThrow().getSessionAddress();
    int colon = address.lastIndexOf(':');
    return new FrameEndpoint(
        new InetSocketAddress(
            address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
        loop,
        NettyTransport.socketChannel(),
        null,
        1 << 24,
        firstStreamId);
  }

  /** The Open of a session of user app on tenant acme, at its shard's current epoch. */
  private SessionRequest openAcme() {
    return nodes.openRequest("acme", "app");
  }

  private static SessionRequest query(String sql) {
    return SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(sql)).build();
  }

  private static boolean endsWithReady(SessionResponses batch) {
    List<SessionResponse> responses = batch.getResponsesList();
    return !responses.isEmpty() && responses.get(responses.size() - 1).hasReady();
  }

  @Test
  void aStreamWithoutCreditGetsNothingAndDoesNotHoldBackAnotherOnTheSameConnection()
      throws Exception {
    start(true);
    loops = NettyTransport.group(1, "frames-test");
    EventLoop loop = loops.next();
    FrameEndpoint endpoint = endpointToOwnerOfAcme(loop);
    SessionRequest open = openAcme();
    long pausesBefore = owner().metrics().flowControlPauses();

    // Stream A opens (its first batch needs no credit), then sends a large query without granting
    // any credit for the answer.
    Recorder a = new Recorder();
    SessionStream streamA = onLoop(loop, () -> endpoint.open(a, loop));
    onLoop(
        loop,
        () -> {
          streamA.send(open);
          return null;
        });
    SessionResponses opened = a.next();
    assertTrue(opened.getResponses(0).hasOpened(), opened.toString());
    assertTrue(endsWithReady(opened));
    onLoop(
        loop,
        () -> {
          streamA.send(query("select id, v from big order by id"));
          return null;
        });
    // The node ran the query until it had to wait for credit.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> owner().metrics().flowControlPauses() > pausesBefore);

    // Stream B on the same connection is answered meanwhile.
    Recorder b = new Recorder();
    SessionStream streamB = onLoop(loop, () -> endpoint.open(b, loop));
    onLoop(
        loop,
        () -> {
          streamB.send(open);
          return null;
        });
    assertTrue(b.next().getResponses(0).hasOpened());
    onLoop(
        loop,
        () -> {
          streamB.send(query("select count(*) from big"));
          streamB.request(1);
          return null;
        });
    SessionResponses counted = b.next();
    assertTrue(endsWithReady(counted), counted.toString());

    // A got nothing without credit; each credit then brings one batch, and the rows are all there.
    assertNull(a.batches.poll());
    int rows = 0;
    boolean ready = false;
    while (!ready) {
      onLoop(
          loop,
          () -> {
            streamA.request(1);
            return null;
          });
      SessionResponses batch = a.next();
      assertNull(a.batches.poll(), "one batch per credit");
      for (SessionResponse r : batch.getResponsesList()) {
        if (r.hasRows()) {
          rows += r.getRows().getRowsCount();
        }
      }
      ready = endsWithReady(batch);
    }
    assertEquals(ROWS, rows);

    // A half-close ends the stream normally; closing the endpoint ends the other as unavailable.
    onLoop(
        loop,
        () -> {
          streamA.halfClose();
          streamA.request(1);
          return null;
        });
    assertEquals(Status.Code.OK, a.ends.poll(30, TimeUnit.SECONDS).getCode());
    endpoint.close();
    assertEquals(Status.Code.UNAVAILABLE, b.ends.poll(30, TimeUnit.SECONDS).getCode());
  }

  @Test
  void streamIdsPastTwoToTheThirtyOneWorkAndRunningOutMovesNewStreamsToANewConnection()
      throws Exception {
    start(true);
    loops = NettyTransport.group(1, "frames-test");
    EventLoop loop = loops.next();
    int connectionsBefore = owner().sessionConnections();
    // The last two ids of the unsigned 32-bit space: negative as Java ints.
    FrameEndpoint endpoint = endpointToOwnerOfAcme(loop, 0xFFFFFFFE);
    Recorder[] sessions = {new Recorder(), new Recorder(), new Recorder()};
    SessionStream[] streams = new SessionStream[3];
    for (int i = 0; i < 3; i++) {
      int n = i;
      streams[n] =
          onLoop(
              loop,
              () -> {
                SessionStream stream = endpoint.open(sessions[n], loop);
                stream.send(openAcme());
                return stream;
              });
      assertTrue(sessions[n].next().getResponses(0).hasOpened(), "session " + n + " opened");
    }
    // Ids 0xFFFFFFFE and 0xFFFFFFFF took the first connection; the third session needed another.
    assertEquals(connectionsBefore + 2, owner().sessionConnections());

    for (int i = 0; i < 3; i++) {
      int n = i;
      onLoop(
          loop,
          () -> {
            streams[n].send(query("select " + n));
            streams[n].request(1);
            return null;
          });
      SessionResponses answer = sessions[n].next();
      assertTrue(endsWithReady(answer), answer.toString());
    }

    // Once the spent connection's streams end, it closes; the other one stays for new sessions.
    for (int i = 0; i < 2; i++) {
      int n = i;
      onLoop(
          loop,
          () -> {
            streams[n].halfClose();
            streams[n].request(1);
            return null;
          });
      assertEquals(Status.Code.OK, sessions[n].ends.poll(30, TimeUnit.SECONDS).getCode());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> owner().sessionConnections() == connectionsBefore + 1);
    endpoint.close();
    assertEquals(Status.Code.UNAVAILABLE, sessions[2].ends.poll(30, TimeUnit.SECONDS).getCode());
  }

  @Test
  void anIdleSessionEndedByTheNodeHearsWhyWithoutGrantingCredit() throws Exception {
    start(true);
    loops = NettyTransport.group(1, "frames-test");
    EventLoop loop = loops.next();
    FrameEndpoint endpoint = endpointToOwnerOfAcme(loop);
    Recorder idle = new Recorder();
    SessionStream stream = onLoop(loop, () -> endpoint.open(idle, loop));
    onLoop(
        loop,
        () -> {
          stream.send(openAcme());
          return null;
        });
    assertTrue(idle.next().getResponses(0).hasOpened());

    // The node ends its idle sessions (as a drain does): the error comes with the end.
    owner().services().endIdleSessions();
    SessionResponses last = idle.next();
    assertEquals(
        io.rhizome.proto.SqlState.ADMIN_SHUTDOWN.code(),
        last.getResponses(0).getError().getSqlstate());
    assertEquals(Status.Code.OK, idle.ends.poll(30, TimeUnit.SECONDS).getCode());
    endpoint.close();
  }

  @Test
  void aNodeThatIsNotListeningIsUnavailableAndTheEndpointWaitsBeforeTryingAgain() throws Exception {
    loops = NettyTransport.group(1, "frames-test");
    EventLoop loop = loops.next();
    // A port nobody listens on: bind one and close it.
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    FrameEndpoint endpoint =
        new FrameEndpoint(
            new InetSocketAddress("127.0.0.1", port),
            loop,
            NettyTransport.socketChannel(),
            null,
            1024);
    Recorder first = new Recorder();
    onLoop(loop, () -> endpoint.open(first, loop));
    Status refused = first.ends.poll(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, refused.getCode());
    assertTrue(refused.getDescription().startsWith("cannot connect to"), refused.toString());
    Recorder second = new Recorder();
    onLoop(loop, () -> endpoint.open(second, loop));
    Status paused = second.ends.poll(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, paused.getCode());
    assertTrue(paused.getDescription().contains("moments ago"), paused.toString());
    endpoint.reconnectNow();
    Recorder third = new Recorder();
    onLoop(loop, () -> endpoint.open(third, loop));
    assertTrue(
        third.ends.poll(30, TimeUnit.SECONDS).getDescription().startsWith("cannot connect to"),
        "reconnectNow ends the pause");
    endpoint.close();
  }
}
