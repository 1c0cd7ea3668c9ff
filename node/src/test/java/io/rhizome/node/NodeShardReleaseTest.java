/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ReleaseShardResponse;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** ReleaseShard after the flip: the source's sessions end and its copy goes to the trash. */
class NodeShardReleaseTest extends ShardMoveFixture {
  @Override
  MoveSourceSettings moveSource() {
    return MoveSourceSettings.DEFAULT.withGracePeriod(Duration.ofMillis(200));
  }

  @Test
  void releaseEndsTheShardsSessionsAndTrashesTheCopyAfterTheGracePeriod() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    SessionClient idle = session("acme");
    idle.query("create table t (a int)", "insert into t values (1)");
    SessionClient inTx = session("acme");
    inTx.query("begin");
    Topology.Freeze freeze = freezeRecord(shard);
    admin().freezeShard(freezeRequest(freeze));
    assertEquals(Status.Code.FAILED_PRECONDITION, releaseFailure(shard, 2));

    ShardRecord placement = topology.flipShard(freeze.move(), freeze);
    assertEquals(DESTINATION, placement.getNodeId());
    ReleaseShardResponse released = release(shard, placement.getEpoch());

    assertEquals(2, released.getSessionsEnded());
    String moved = " wrong(" + shard + "," + placement.getEpoch() + "," + DESTINATION + ")";
    List<SessionResponse> end = idle.untilReadyOrEnd();
    assertEquals(List.of("error " + SqlState.CANNOT_CONNECT_NOW.code() + moved), describe(end));
    assertFalse(end.get(0).getError().getWrongDbServer().getFrozen());
    assertEquals(
        List.of("error " + SqlState.SERIALIZATION_FAILURE.code() + moved),
        describe(inTx.untilReadyOrEnd()));

    Path shardDir = data.resolve("shards/" + shard);
    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(shardDir));
    Path trashed = trashedShard(shard);
    assertEquals("1", read(trashed.resolve("acme.db"), "select group_concat(a) from t"));
    assertTrue(node.frozenShards().isEmpty());
  }

  @Test
  void aShardThatIsNotMovedAwayCannotBeReleased() throws Exception {
    TenantRecord acme = tenant("acme");
    session("acme").query("create table t (a int)");

    assertEquals(Status.Code.FAILED_PRECONDITION, releaseFailure(acme.getShard(), 2));
    assertWrites("acme");
  }

  private ReleaseShardResponse release(int shard, long newEpoch) {
    return admin()
        .releaseShard(
            ReleaseShardRequest.newBuilder().setShard(shard).setNewEpoch(newEpoch).build());
  }

  private Status.Code releaseFailure(int shard, long newEpoch) {
    return assertThrows(StatusRuntimeException.class, () -> release(shard, newEpoch))
        .getStatus()
        .getCode();
  }

  private Path trashedShard(int shard) throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("trash"))) {
      List<Path> trashed =
          files.filter(p -> p.getFileName().toString().startsWith("shard-" + shard + "-")).toList();
      assertEquals(1, trashed.size(), trashed.toString());
      return trashed.get(0);
    }
  }
}
