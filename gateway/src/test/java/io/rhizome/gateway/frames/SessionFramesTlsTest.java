/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.rhizome.gateway.NettyTransport;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeInstruments;
import io.rhizome.node.NodeServer;
import io.rhizome.node.SessionListen;
import io.rhizome.proto.Open;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.testkit.FreePort;
import io.rhizome.testkit.TestCertificates;
import io.rhizome.testkit.TestCertificates.Authority;
import io.rhizome.tls.ClusterRole;
import io.rhizome.tls.ClusterTls;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with cluster mutual TLS serves session frames to a gateway's certificate only: the same
 * certificates and role check as its gRPC sessions.
 */
class SessionFramesTlsTest {
  private static final UserRecord ADMIN = UserRecord.newBuilder().setName("admin").build();
  private static final UserRecord APP = UserRecord.newBuilder().setName("app").build();

  @TempDir Path dir;
  private Authority ca;
  private ClusterTls nodeTls;
  private Topology topology;
  private EventLoopGroup loops;
  private NodeServer node;
  private TenantRecord acme;
  private long epoch;

  @BeforeEach
  void start() throws Exception {
    ca = TestCertificates.authority(dir.resolve("pki"), "cluster");
    nodeTls = tls(ca, "n1", ClusterRole.NODE);
    Path data = dir.resolve("data");
    topology = Topologies.embedded(data, new ClusterBootstrap("test", 8, () -> ADMIN));
    loops = NettyTransport.group(2, "tls-frames-test");
    int port = FreePort.pick();
    node =
        NodeServer.start(
            NodeConfig.of("n1", data, "127.0.0.1:" + port),
            topology,
            NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", port), nodeTls.serverCredentials()),
            nodeTls,
            NodeInstruments.NONE,
            new SessionListen(
                new InetSocketAddress("127.0.0.1", 0), loops, NettyTransport.serverChannel()));
    acme = topology.createTenant("acme", APP);
    epoch = topology.shard(acme.getShard()).orElseThrow().getEpoch();
  }

  @AfterEach
  void stop() {
    node.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    topology.close();
    nodeTls.close();
  }

  private static ClusterTls tls(Authority ca, String name, ClusterRole role) {
    TestCertificates.Identity id = ca.member(name, role.uri());
    return ClusterTls.load(ca.caCert(), id.cert(), id.key(), role);
  }

  /** Opens a session on the node as the holder of {@code tls}: its first batch, or its end. */
  private Object openAs(ClusterTls tls) throws Exception {
    EventLoop loop = loops.next();
    FrameEndpoint endpoint =
        new FrameEndpoint(
            new InetSocketAddress("127.0.0.1", node.sessionPort()),
            loop,
            NettyTransport.socketChannel(),
            tls.sessionClientContext(),
            1 << 20);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    SessionStream.Listener listener =
        new SessionStream.Listener() {
          @Override
          public void onBatch(SessionResponses batch) {
            events.add(batch);
          }

          @Override
          public void onEnd(Status status) {
            events.add(status);
          }
        };
    loop.submit(
            () ->
                endpoint
                    .open(listener, loop)
                    .send(
                        SessionRequest.newBuilder()
                            .setOpen(
                                Open.newBuilder()
                                    .setTenant("acme")
                                    .setShard(acme.getShard())
                                    .setEpoch(epoch)
                                    .setUser("app"))
                            .build()))
        .get(30, TimeUnit.SECONDS);
    Object first = events.poll(30, TimeUnit.SECONDS);
    endpoint.close();
    assertNotNull(first, "neither an answer nor an end");
    return first;
  }

  @Test
  void aGatewaysCertificateOpensASession() throws Exception {
    try (ClusterTls gateway = tls(ca, "gw", ClusterRole.GATEWAY)) {
      Object first = openAs(gateway);
      assertTrue(
          first instanceof SessionResponses batch && batch.getResponses(0).hasOpened(),
          String.valueOf(first));
    }
  }

  @Test
  void aNodesCertificateIsRefusedAfterTheHandshake() throws Exception {
    try (ClusterTls peer = tls(ca, "n2", ClusterRole.NODE)) {
      Object first = openAs(peer);
      assertTrue(first instanceof Status, String.valueOf(first));
      assertEquals(Status.Code.UNAVAILABLE, ((Status) first).getCode());
      assertEquals(0, node.metrics().requestsInline() + node.services().openSessions());
    }
  }

  @Test
  void aCertificateOfAnotherAuthorityFailsTheHandshake() throws Exception {
    Authority other = TestCertificates.authority(dir.resolve("other"), "other");
    try (ClusterTls stranger = tls(other, "gw", ClusterRole.GATEWAY)) {
      Object first = openAs(stranger);
      assertTrue(first instanceof Status, String.valueOf(first));
      assertEquals(Status.Code.UNAVAILABLE, ((Status) first).getCode());
    }
  }
}
