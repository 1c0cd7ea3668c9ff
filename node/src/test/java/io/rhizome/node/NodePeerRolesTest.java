/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.ListSessionsRequest;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeAdminGrpc.NodeAdminBlockingStub;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.NodeReplicaGrpc.NodeReplicaBlockingStub;
import io.rhizome.proto.PromoteRequest;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.RelocateTenantRequest;
import io.rhizome.proto.ReplicaHello;
import io.rhizome.proto.ReplicaReply;
import io.rhizome.proto.ReplicaRequest;
import io.rhizome.proto.ReplicaStatusRequest;
import io.rhizome.proto.RestoreChunk;
import io.rhizome.proto.RestoreTenantAtRequest;
import io.rhizome.proto.RestoreTenantResponse;
import io.rhizome.proto.ShardTenantsRequest;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.TenantInfoRequest;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.ThawShardRequest;
import io.rhizome.proto.UserRecord;
import io.rhizome.testkit.FreePort;
import io.rhizome.testkit.TestCertificates;
import io.rhizome.testkit.TestCertificates.Authority;
import io.rhizome.testkit.TestCertificates.Identity;
import io.rhizome.tls.ClusterRole;
import io.rhizome.tls.ClusterTls;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on loopback with cluster mutual TLS, called by a gateway and by another node with
 * certificates of their roles: each role reaches what its code calls (sessions and the console's
 * calls for a gateway; the source side of a move and the replication stream for a node; backups for
 * both) and gets PERMISSION_DENIED for the rest.
 */
class NodePeerRolesTest {
  private static final UserRecord ADMIN = UserRecord.newBuilder().setName("admin").build();
  private static final UserRecord APP = UserRecord.newBuilder().setName("app").build();

  @TempDir Path dir;
  private Topology topology;
  private ClusterTls nodeTls;
  private ClusterTls gatewayTls;
  private ClusterTls peerTls;
  private NodeServer node;
  private ManagedChannel asGateway;
  private ManagedChannel asNode;
  private TenantRecord acme;
  private long epoch;

  @BeforeEach
  void start() throws Exception {
    Authority ca = TestCertificates.authority(dir.resolve("pki"), "cluster");
    nodeTls = load(ca, ca.member("n1", ClusterRole.NODE.uri()), ClusterRole.NODE);
    gatewayTls = load(ca, ca.member("gateway", ClusterRole.GATEWAY.uri()), ClusterRole.GATEWAY);
    peerTls = load(ca, ca.member("n2", ClusterRole.NODE.uri()), ClusterRole.NODE);
    Path data = dir.resolve("data");
    topology = Topologies.embedded(data, new ClusterBootstrap("test", 8, () -> ADMIN));
    int port = FreePort.pick();
    node =
        NodeServer.start(
            NodeConfig.of("n1", data, "127.0.0.1:" + port),
            topology,
            NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", port), nodeTls.serverCredentials()),
            nodeTls);
    asGateway = channel(port, gatewayTls);
    asNode = channel(port, peerTls);
    acme = topology.createTenant("acme", APP);
    epoch = topology.shard(acme.getShard()).orElseThrow().getEpoch();
  }

  private static ClusterTls load(Authority ca, Identity id, ClusterRole role) {
    return ClusterTls.load(ca.caCert(), id.cert(), id.key(), role);
  }

  private static ManagedChannel channel(int port, ClusterTls tls) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port, tls.channelCredentials()).build();
  }

  @AfterEach
  void stop() {
    asGateway.shutdownNow();
    asNode.shutdownNow();
    node.close();
    topology.close();
    nodeTls.close();
    gatewayTls.close();
    peerTls.close();
  }

  private static NodeAdminBlockingStub admin(ManagedChannel channel) {
    return NodeAdminGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @Test
  void aGatewayRunsSessionsAndTheConsolesCalls() throws Exception {
    SessionClient session = SessionClient.connect(asGateway);
    assertEquals(
        List.of("opened n1", "ready IDLE"), describe(session.open("acme", acme.getShard(), epoch)));
    session.query("create table t (a int)");
    NodeAdminBlockingStub admin = admin(asGateway);
    assertEquals(
        1,
        admin
            .tenantInfo(
                TenantInfoRequest.newBuilder()
                    .setTenant("acme")
                    .setShard(acme.getShard())
                    .setEpoch(epoch)
                    .build())
            .getOpenSessions());
    session.cancel();
    admin.listSessions(ListSessionsRequest.getDefaultInstance());
    assertTrue(backup(asGateway).hasNext(), "a backup streams the tenant's file");
  }

  @Test
  void aGatewayCannotDriveAMove() {
    NodeAdminBlockingStub admin = admin(asGateway);
    assertDenied(() -> admin.shardTenants(ShardTenantsRequest.getDefaultInstance()));
    assertDenied(() -> admin.freezeShard(FreezeShardRequest.getDefaultInstance()));
    assertDenied(() -> admin.thawShard(ThawShardRequest.getDefaultInstance()));
    assertDenied(() -> admin.releaseShard(ReleaseShardRequest.getDefaultInstance()));
  }

  @Test
  void aNodeListsAndCopiesAShardsTenants() throws Exception {
    SessionClient session = SessionClient.connect(asGateway);
    session.open("acme", acme.getShard(), epoch);
    session.query("create table t (a int)");
    session.cancel();
    ShardTenantsResponse tenants =
        admin(asNode)
            .shardTenants(
                ShardTenantsRequest.newBuilder().setShard(acme.getShard()).setEpoch(epoch).build());
    assertEquals("acme", tenants.getTenants(0).getTenant());
    assertTrue(backup(asNode).hasNext(), "a backup streams the tenant's file");
  }

  @Test
  void aNodeCannotOpenSessionsOrRunTheConsolesCalls() throws Exception {
    SessionClient session = SessionClient.connect(asNode);
    session.open("acme", acme.getShard(), epoch);
    assertEquals(Status.Code.PERMISSION_DENIED, session.awaitEnd().getCode());
    NodeAdminBlockingStub admin = admin(asNode);
    DropTenantRequest drop =
        DropTenantRequest.newBuilder()
            .setTenant("acme")
            .setShard(acme.getShard())
            .setEpoch(epoch)
            .build();
    assertDenied(() -> admin.dropTenant(drop));
    assertDenied(() -> admin.tenantInfo(TenantInfoRequest.getDefaultInstance()));
    assertDenied(() -> admin.listSessions(ListSessionsRequest.getDefaultInstance()));
    assertDenied(() -> admin.relocateTenant(RelocateTenantRequest.getDefaultInstance()));
    assertDenied(() -> admin.cancelStatement(CancelStatementRequest.getDefaultInstance()));
    assertEquals(Status.Code.PERMISSION_DENIED, restore(asNode).getCode());
    assertTrue(topology.tenant("acme").isPresent(), "the tenant is still there");
  }

  @Test
  void aNodeFollowsAShardAndAsksForHandoversButCannotRestoreOrAskReplicaStatus() throws Exception {
    NodeReplicaBlockingStub replica = replica(asNode);
    // Past the role check (a move's destination asks for the shard): nobody is in sync to take it.
    StatusRuntimeException promote =
        assertThrows(
            StatusRuntimeException.class,
            () -> replica.promote(PromoteRequest.getDefaultInstance()));
    assertEquals(Status.Code.FAILED_PRECONDITION, promote.getStatus().getCode());
    assertDenied(() -> replica.replicaStatus(ReplicaStatusRequest.getDefaultInstance()));
    assertDenied(() -> admin(asNode).restoreTenantAt(RestoreTenantAtRequest.getDefaultInstance()));
    // Past the role check: this node's map does not name the caller primary of the shard.
    assertEquals(Status.Code.FAILED_PRECONDITION, follow(asNode).getCode());
  }

  @Test
  void aGatewayAsksReplicaStatusButCannotFollow() throws Exception {
    assertEquals(
        0,
        replica(asGateway)
            .replicaStatus(ReplicaStatusRequest.getDefaultInstance())
            .getShardsCount());
    assertEquals(Status.Code.PERMISSION_DENIED, follow(asGateway).getCode());
  }

  private static NodeReplicaBlockingStub replica(ManagedChannel channel) {
    return NodeReplicaGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** The status a replication stream from a claimed primary "n2" ends with. */
  private Status follow(ManagedChannel channel) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<ReplicaRequest> requests =
        NodeReplicaGrpc.newStub(channel)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .follow(
                new StreamObserver<ReplicaReply>() {
                  @Override
                  public void onNext(ReplicaReply value) {}

                  @Override
                  public void onError(Throwable t) {
                    ended.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    ended.complete(Status.OK);
                  }
                });
    requests.onNext(
        ReplicaRequest.newBuilder()
            .setHello(
                ReplicaHello.newBuilder()
                    .setShard(acme.getShard())
                    .setEpoch(epoch)
                    .setPrimary("n2"))
            .build());
    try {
      return ended.get(20, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }

  private Iterator<BackupChunk> backup(ManagedChannel channel) {
    return admin(channel)
        .backupTenant(
            BackupTenantRequest.newBuilder()
                .setTenant("acme")
                .setShard(acme.getShard())
                .setEpoch(epoch)
                .build());
  }

  /** The status RestoreTenant ends with after its first chunk. */
  private Status restore(ManagedChannel channel) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<RestoreChunk> chunks =
        NodeAdminGrpc.newStub(channel)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .restoreTenant(observer(ended));
    chunks.onNext(
        RestoreChunk.newBuilder()
            .setTenant("acme")
            .setShard(acme.getShard())
            .setEpoch(epoch)
            .build());
    chunks.onCompleted();
    try {
      return ended.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static StreamObserver<RestoreTenantResponse> observer(CompletableFuture<Status> ended) {
    Consumer<Status> end = ended::complete;
    return new StreamObserver<>() {
      @Override
      public void onNext(RestoreTenantResponse value) {}

      @Override
      public void onError(Throwable t) {
        end.accept(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        end.accept(Status.OK);
      }
    };
  }

  private static void assertDenied(Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getMessage());
  }
}
