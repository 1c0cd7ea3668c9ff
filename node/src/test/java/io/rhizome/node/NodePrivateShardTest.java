/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.TenantPlacement;
import io.rhizome.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant alone on a private shard, numbered above the cluster's shard count (8 here). */
class NodePrivateShardTest extends ShardMoveFixture {
  private static final UserRecord APP = UserRecord.newBuilder().setName("app").build();

  @Test
  void aTenantOnAPrivateShardOpensSessionsAndWrites() throws Exception {
    TenantRecord solo = topology.createTenant("solo", APP, TenantPlacement.ownShardOn(NODE_ID));
    assertEquals(8, solo.getShard());

    SessionClient client = session("solo");
    assertEquals(
        List.of("CREATE TABLE", "ready IDLE"), describe(client.query("create table t (a int)")));
    assertWrites("solo");
    assertEquals("1", read(tenantFile(solo), "select count(*) from t"));
  }

  @Test
  void releasingAPrivateShardEndsItsTenantsSessionsFoundByRecordNotHash() throws Exception {
    TenantRecord solo = topology.createTenant("solo", APP, TenantPlacement.ownShardOn(NODE_ID));
    int shard = solo.getShard();
    assertNotEquals(topology.shardOf("solo"), shard);
    SessionClient idle = session("solo");
    idle.query("create table t (a int)");
    Topology.Freeze freeze = freezeRecord(shard);
    admin().freezeShard(freezeRequest(freeze));
    ShardRecord placement = topology.flipShard(freeze.move(), freeze);

    int ended =
        admin()
            .releaseShard(
                ReleaseShardRequest.newBuilder()
                    .setShard(shard)
                    .setNewEpoch(placement.getEpoch())
                    .build())
            .getSessionsEnded();

    assertEquals(1, ended);
    assertEquals(
        List.of(
            "error "
                + SqlState.CANNOT_CONNECT_NOW.code()
                + " wrong("
                + shard
                + ","
                + placement.getEpoch()
                + ","
                + DESTINATION
                + ")"),
        describe(idle.untilReadyOrEnd()));
  }
}
