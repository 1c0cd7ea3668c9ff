/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash in every phase of a move: the source or the destination (which drives the move) is killed
 * with SIGKILL while the move holds at a point of its protocol, then started again under the same
 * id on the same data. Every time the move finishes (done), exactly one node owns the shard, and in
 * the end every acknowledged write is there exactly once. A last move whose destination dies while
 * frozen and stays dead is cancelled: the source serves writes again.
 */
class MoveCrashIT {
  private static final Logger LOG = LoggerFactory.getLogger(MoveCrashIT.class);
  private static final Duration HOLD = Duration.ofSeconds(60);
  private static final String[] POINTS = {"copied", "frozen", "installed", "flipped"};

  /**
   * The nodes' lease, shorter than the default 10 s: a move resumed after its source died while
   * frozen waits for the dead incarnation's lease to end, and a destination that stays dead is
   * taken for dead when its lease ends. Not shorter: a stall of a node on a loaded machine past its
   * lease would fail the move instead of resuming it.
   *
   * <p>The longest freeze, shorter than the default 10 s: a source whose destination was killed
   * while it held the shard frozen lifts the freeze by itself after this long, and the restarted
   * destination then starts the move over (it was waiting out the 10 s). Still far above the moment
   * the test kills a process at (it kills as soon as the move logs its hold) and above a freeze
   * that runs to its flip, which takes well under a second here; a freeze lifted before its flip
   * would only make the move start over.
   */
  private static final List<String> NODE_FLAGS =
      List.of("--lease-ttl", "5", "--move-max-freeze", "4");

  @Test
  void everyPhaseSurvivesTheDeathOfTheSourceAndOfTheDestination() throws Exception {
    try (LocalCluster cluster = new LocalCluster("move-crash")) {
      Path pauses = cluster.dataDir("pauses").resolve("pauses");
      Map<String, String> env = Map.of("RHIZOME_TEST_MOVE_PAUSES", pauses.toString());
      Nodes nodes = new Nodes(cluster, env);
      nodes.start("n1");
      nodes.start("n2");
      int gw = FreePort.pick();
      cluster.gateway("gateway1", gw);
      try (MoveConsole console = new MoveConsole(gw)) {
        console.awaitNodes("n1", "n2");
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          console.execute("CREATE TENANT cr" + i + " USER app PASSWORD 'pw'");
          tenants.add("cr" + i);
        }
        int shard = console.tenantShards().get(0);
        try (SequenceWriters writers = new SequenceWriters(tenants, List.of(gw))) {
          writers.start();
          writers.awaitProgress(2);
          for (String point : POINTS) {
            for (String victim : List.of("source", "destination")) {
              String from = console.owner(shard);
              String to = from.equals("n1") ? "n2" : "n1";
              Files.writeString(pauses, point + "=" + HOLD.toMillis());
              String id = console.moveShard(shard, to);
              nodes.get(to).awaitLog("move " + id + " holds at point " + point, HOLD);
              Files.deleteIfExists(pauses);
              String killed = victim.equals("source") ? from : to;
              LOG.info("move {} held at {}: killing the {} {}", id, point, victim, killed);
              nodes.get(killed).kill();
              nodes.start(killed);
              console.awaitDone(id);
              assertEquals(to, console.owner(shard), "after " + victim + " died at " + point);
              writers.awaitProgress(2);
            }
          }

          // Cancelled while copying: the move ends at once; the destination drops its copies.
          String owner = console.owner(shard);
          String other = owner.equals("n1") ? "n2" : "n1";
          Files.writeString(pauses, "copied=" + HOLD.toMillis());
          String cancelled = console.moveShard(shard, other);
          nodes.get(other).awaitLog("move " + cancelled + " holds at point copied", HOLD);
          console.awaitCancelled(cancelled);
          Files.deleteIfExists(pauses);
          assertEquals(owner, console.owner(shard), "a cancelled move leaves the shard in place");
          await().atMost(HOLD).until(() -> stagedFiles(nodes.data(other)).isEmpty());

          // The destination dies while frozen and stays dead: cancel the move.
          String from = console.owner(shard);
          String to = from.equals("n1") ? "n2" : "n1";
          Files.writeString(pauses, "frozen=" + HOLD.toMillis());
          String id = console.moveShard(shard, to);
          nodes.get(to).awaitLog("move " + id + " holds at point frozen", HOLD);
          Files.deleteIfExists(pauses);
          nodes.get(to).kill();
          console.awaitCancelled(id);
          assertEquals(from, console.owner(shard), "a cancelled move leaves the shard in place");
          // The dead node owns other tenants' shards: bring it back before asking for progress.
          nodes.start(to);
          writers.awaitProgress(2);
          writers.stop();
          for (String t : tenants) {
            writers.verify(t, gw);
          }
          LOG.info(
              "{} acknowledged writes; client errors by SQLSTATE: {}",
              writers.acknowledged(),
              writers.errors());
          assertTrue(writers.acknowledged() > 0);
        }
      }
    }
  }

  /** Files under a node's move staging directory ({@code incoming/}). */
  private static List<Path> stagedFiles(Path dataDir) {
    Path incoming = dataDir.resolve("incoming");
    if (!Files.exists(incoming)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(incoming)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The cluster's nodes, each restartable under its id on its data and port. */
  private static final class Nodes {
    private final LocalCluster cluster;
    private final Map<String, String> env;
    private final Map<String, Path> data = new java.util.HashMap<>();
    private final Map<String, Integer> ports = new java.util.HashMap<>();
    private final Map<String, RhizomeProcess> running = new java.util.HashMap<>();

    Nodes(LocalCluster cluster, Map<String, String> env) {
      this.cluster = cluster;
      this.env = env;
    }

    void start(String id) throws Exception {
      if (!data.containsKey(id)) {
        data.put(id, cluster.dataDir(id));
        ports.put(id, FreePort.pick());
      }
      running.put(id, cluster.node(id, data.get(id), ports.get(id), env, NODE_FLAGS));
    }

    RhizomeProcess get(String id) {
      return running.get(id);
    }

    Path data(String id) {
      return data.get(id);
    }
  }
}
