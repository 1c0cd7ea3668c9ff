/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deferred deletion of a moved shard's copy, on the real embedded topology and real files. */
class ShardCleanupTest {
  private static final String SELF = "n1";
  private static final UserRecord ADMIN = UserRecord.newBuilder().setName("admin").build();

  @TempDir Path data;
  private Topology topology;
  private TenantStore store;
  private TenantHandles handles;
  private ScheduledExecutorService scheduler;
  private ShardCleanup cleanup;

  @BeforeEach
  void setUp() throws Exception {
    topology = Topologies.embedded(data.resolve("meta"), new ClusterBootstrap("t", 8, () -> ADMIN));
    store = TestStores.open(data, Duration.ofSeconds(1));
    handles = new TenantHandles(store, 8, Duration.ofMinutes(1));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    cleanup =
        new ShardCleanup(
            SELF,
            topology,
            store,
            handles,
            new TenantTrash(data),
            scheduler,
            Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    handles.close();
    topology.close();
  }

  @Test
  void theCopyOfAShardOwnedElsewhereGoesToTheTrash() throws Exception {
    register("n2");
    int shard = tenantWithAFile("acme");

    Optional<Path> trashed = cleanup.run(shard);

    assertEquals(
        Optional.of(Path.of("trash", "shard-" + shard + "-20261204T120000.000Z")), trashed);
    assertTrue(Files.exists(data.resolve(trashed.get()).resolve("acme.db")));
    assertFalse(Files.exists(store.shardDir(shard)));
  }

  @Test
  void theCopyStaysWhenTheNodeOwnsTheShardAgain() throws Exception {
    register(SELF);
    int shard = tenantWithAFile("acme");

    assertEquals(Optional.empty(), cleanup.run(shard));
    assertTrue(Files.exists(store.tenantFile(shard, "acme")));
  }

  @Test
  void theCopyStaysWhileTheNodeIsTheDestinationOfAnUnfinishedMove() throws Exception {
    register("n2");
    int shard = tenantWithAFile("acme");
    register(SELF);
    topology.startMove(shard, SELF, "operator");

    assertEquals(Optional.empty(), cleanup.run(shard));
    assertTrue(Files.exists(store.tenantFile(shard, "acme")));
  }

  @Test
  void theScheduledCleanupRunsAfterTheGracePeriod() throws Exception {
    register("n2");
    int shard = tenantWithAFile("acme");

    cleanup.schedule(shard, Duration.ofMillis(50)).get();

    assertFalse(Files.exists(store.shardDir(shard)));
  }

  private void register(String nodeId) throws Exception {
    topology.registerNode(
        NodeRecord.newBuilder()
            .setId(nodeId)
            .setAddress("inprocess:nowhere")
            .setState(NodeState.NODE_UP)
            .build());
  }

  /** Creates the tenant (placed on the one live node) and its file, leaving an idle handle. */
  private int tenantWithAFile(String name) throws Exception {
    int shard =
        topology.createTenant(name, UserRecord.newBuilder().setName("app").build()).getShard();
    try (TenantHandles.Lease lease = handles.acquire(shard, name)) {
      lease.connection().createStatement().execute("create table t (a int)");
    }
    return shard;
  }
}
