/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch over frozen shards, against a real embedded topology (no move runs). */
class ShardFreezesTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir Path root;
  private Topology topology;
  private final ShardWrites writes = new ShardWrites();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private ShardFreezes freezes;
  private int shard;

  @BeforeEach
  void aShardOwnedByThisNode() throws Exception {
    topology =
        Topologies.embedded(
            root,
            new ClusterBootstrap(
                "test",
                8,
                () -> UserRecord.newBuilder().setName("admin").build(),
                AuthMethod.AUTH_METHOD_UNSPECIFIED,
                1));
    topology.registerNode(
        NodeRecord.newBuilder()
            .setFormat(1)
            .setId("n1")
            .setAddress("inprocess:n1")
            .setState(NodeState.NODE_UP)
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> topology.node("n1").isPresent());
    shard =
        topology.createTenant("acme", UserRecord.newBuilder().setName("app").build()).getShard();
    freezes =
        new ShardFreezes(
            "n1",
            topology,
            writes,
            MoveSourceSettings.DEFAULT,
            scheduler,
            Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    scheduler.shutdownNow();
    topology.close();
  }

  @Test
  void aMoveFreezeWhoseRecordIsGoneIsThawed() {
    writes.freeze(shard, 1, "3f9a01c2", T0);

    freezes.tick();

    assertEquals(java.util.Optional.empty(), writes.freezeOf(shard));
    assertTrue(writes.writer(shard, 1, "acme").enter(), "writes resume");
  }

  @Test
  void aHandoverFreezeHasNoRecordAndIsLeftToTheHandover() {
    writes.freeze(shard, 1, ShardWrites.HANDOVER, T0);

    freezes.tick();

    assertTrue(writes.freezeOf(shard).isPresent(), "still frozen");
    assertFalse(writes.writer(shard, 1, "acme").enter());
  }
}
