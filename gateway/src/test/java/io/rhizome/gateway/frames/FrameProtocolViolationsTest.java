/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.TwoNodes;
import io.rhizome.proto.Open;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.frames.FrameKind;
import io.rhizome.proto.frames.Frames;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw socket breaking the frame protocol against a real node's session listener. */
class FrameProtocolViolationsTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  @TempDir Path dir;
  private TwoNodes nodes;
  private Socket socket;
  private DataInputStream in;
  private OutputStream out;

  @BeforeEach
  void connect() throws Exception {
    nodes = new TwoNodes(dir);
    socket = new Socket("127.0.0.1", nodes.node("n1").sessionPort());
    socket.setSoTimeout(30_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  @AfterEach
  void close() throws IOException {
    socket.close();
    nodes.close();
  }

  private void send(ByteBuf frame) throws IOException {
    try {
      out.write(ByteBufUtil.getBytes(frame));
      out.flush();
    } finally {
      frame.release();
    }
  }

  private static byte[] bytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  private void readsTheNodesHello() throws IOException {
    byte[] hello = new byte[8];
    in.readFully(hello);
    assertArrayEquals(bytes(Frames.hello(ALLOC)), hello);
  }

  private record Received(int stream, int kind, byte[] payload) {}

  private Received read() throws IOException {
    int length = in.readInt();
    int stream = in.readInt();
    int kind = in.readUnsignedByte();
    byte[] payload = new byte[length - 5];
    in.readFully(payload);
    return new Received(stream, kind, payload);
  }

  private boolean closedByTheNode() throws IOException {
    try {
      while (true) {
        read();
      }
    } catch (EOFException e) {
      return true;
    }
  }

  @Test
  void anotherProtocolGetsTheHelloAndAClosedConnection() throws IOException {
    out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    readsTheNodesHello();
    assertEquals(-1, in.read());
  }

  @Test
  void aMalformedRequestEndsItsStreamAndTheConnectionServesOthers() throws IOException {
    send(Frames.hello(ALLOC));
    readsTheNodesHello();
    ByteBuf garbage =
        ALLOC.buffer().writeInt(5 + 3).writeInt(1).writeByte(FrameKind.REQUEST.code());
    send(garbage.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    Received end = read();
    assertEquals(1, end.stream());
    assertEquals(FrameKind.END.code(), end.kind());
    assertEquals(Status.Code.INTERNAL.value(), java.nio.ByteBuffer.wrap(end.payload()).getInt());
    assertTrue(
        new String(
                Arrays.copyOfRange(end.payload(), 4, end.payload().length), StandardCharsets.UTF_8)
            .contains("malformed request"));

    // Stream 2 on the same connection opens and gets its answer (an unknown database).
    send(
        Frames.message(
            ALLOC,
            2,
            FrameKind.REQUEST,
            SessionRequest.newBuilder().setOpen(Open.newBuilder().setTenant("nope")).build()));
    Received answer = read();
    assertEquals(2, answer.stream());
    assertEquals(FrameKind.RESPONSES.code(), answer.kind());
    SessionResponses batch = SessionResponses.parseFrom(answer.payload());
    assertEquals(
        SqlState.INVALID_CATALOG_NAME.code(), batch.getResponses(0).getError().getSqlstate());
    Received normalEnd = read();
    assertEquals(2, normalEnd.stream());
    assertEquals(FrameKind.END.code(), normalEnd.kind());
    assertEquals(Status.Code.OK.value(), java.nio.ByteBuffer.wrap(normalEnd.payload()).getInt());
  }

  @Test
  void aFrameForAStreamNeverOpenedClosesTheConnection() throws IOException {
    send(Frames.hello(ALLOC));
    readsTheNodesHello();
    send(Frames.credit(ALLOC, 99, 1));
    assertTrue(closedByTheNode());
  }

  @Test
  void aRequestBeyondTheCreditEndsItsStream() throws Exception {
    ShardRecord placement;
    try (GatewayServer gateway =
            GatewayServer.start(
                GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                nodes.topology,
                nodes.channels);
        Connection admin = admin(gateway);
        Statement st = admin.createStatement()) {
      st.execute("CREATE TENANT acme USER app PASSWORD 'secret'");
      placement = nodes.topology.shard(nodes.topology.shardOf("acme")).orElseThrow();
    }
    socket.close();
    socket = new Socket("127.0.0.1", nodes.node(placement.getNodeId()).sessionPort());
    socket.setSoTimeout(30_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    send(Frames.hello(ALLOC));
    readsTheNodesHello();
    send(Frames.message(ALLOC, 1, FrameKind.REQUEST, nodes.openRequest("acme", "app")));
    // Opened and Ready (the stream's first credit), then the node's credit for one request.
    Received opened = read();
    assertEquals(FrameKind.RESPONSES.code(), opened.kind());
    assertTrue(SessionResponses.parseFrom(opened.payload()).getResponses(0).hasOpened());
    Received credit = read();
    assertEquals(FrameKind.CREDIT.code(), credit.kind());
    assertEquals(1, java.nio.ByteBuffer.wrap(credit.payload()).getInt());

    // Three requests on one credit, in one write: the first is answered (its batch waits for a
    // credit of ours). If it ran inline, the node granted one more request before it read the
    // second, which starts but cannot go on while an answer waits, so no credit follows and the
    // third is beyond the credit; if it went on on a worker, the node read the second before it
    // granted anything, and the second is beyond the credit. Either way the stream ends, and
    // nothing but credit and the end comes back: no answer without our credit.
    SessionRequest select =
        SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements("select 1")).build();
    ByteBuf three = ALLOC.buffer();
    for (int i = 0; i < 3; i++) {
      ByteBuf frame = Frames.message(ALLOC, 1, FrameKind.REQUEST, select);
      three.writeBytes(frame);
      frame.release();
    }
    send(three);
    Received r = read();
    int credits = 0;
    while (r.kind() == FrameKind.CREDIT.code()) {
      credits++;
      r = read();
    }
    assertTrue(credits <= 1, "at most one more request granted: " + credits);
    assertEquals(FrameKind.END.code(), r.kind(), "nothing but credit and the end");
    assertEquals(Status.Code.INTERNAL.value(), java.nio.ByteBuffer.wrap(r.payload()).getInt());
  }

  private static Connection admin(GatewayServer gateway) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "admin");
    p.setProperty("password", TwoNodes.ADMIN_PASSWORD);
    p.setProperty("preferQueryMode", "simple");
    InetSocketAddress a = gateway.boundAddress();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/rhizome", p);
  }
}
