/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeInstruments;
import io.rhizome.node.NodeLimits;
import io.rhizome.node.archive.ArchiveConfig;
import io.rhizome.node.archive.ArchiveSettings;
import io.rhizome.node.archive.ArchiveTargets;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.replica.ReplicationSettings;
import io.rhizome.node.rpc.NodeMetrics;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of the storage node, shared by {@code node} and {@code standalone}. */
public final class NodeOptions {
  @Option(
      names = "--max-sessions",
      defaultValue = "" + NodeConfig.DEFAULT_MAX_SESSIONS,
      description =
          "Sessions the node serves at once (one SQLite connection each); more get 53300."
              + " Default: ${DEFAULT-VALUE}.")
  int maxSessions;

  @Option(
      names = "--busy-timeout",
      defaultValue = "5000",
      paramLabel = "MILLIS",
      description =
          "How long a write waits for another session's lock on the same tenant before 55P03."
              + " Default: ${DEFAULT-VALUE}.")
  long busyTimeoutMillis;

  @Option(
      names = "--synchronous",
      defaultValue = "FULL",
      description =
          "Durability of commits: FULL (a commit is acknowledged once its WAL is synced, so it"
              + " survives power loss) or NORMAL (faster; may lose the last commits on power loss,"
              + " never on a crash)."
              + " Default: ${DEFAULT-VALUE}.")
  Synchronous synchronous;

  @Option(
      names = "--worker-threads",
      paramLabel = "N",
      description =
          "Threads that run statements, shared by all sessions. Default: 4 per core, at least 8.")
  Integer workerThreads;

  @Option(
      names = "--max-db-size",
      defaultValue = "" + TenantQuotas.DEFAULT_MAX_DATABASE_BYTES,
      paramLabel = "BYTES",
      description =
          "Largest size of one tenant's database; writes past it get 53100, reads go on."
              + " Default: ${DEFAULT-VALUE} (10 GiB).")
  long maxDatabaseBytes;

  @Option(
      names = "--statement-timeout",
      defaultValue = "60000",
      paramLabel = "MILLIS",
      description =
          "Longest a statement may run (rows sent included) before 57014; 0 for no limit."
              + " Default: ${DEFAULT-VALUE}.")
  long statementTimeoutMillis;

  @Option(
      names = "--max-result-rows",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Most rows one statement may return before 54000; 0 for no limit. Default:"
              + " ${DEFAULT-VALUE}. `ctl tenant limits` overrides this and the two flags above"
              + " per tenant.")
  long maxResultRows;

  @Option(
      names = "--max-open-tenants",
      paramLabel = "N",
      description =
          "SQLite handles open at once, in use and idle (up to 3 file descriptors each); the"
              + " least recently used idle one closes to make room. Default: "
              + NodeLimits.DEFAULT_MAX_OPEN_TENANTS
              + ", or a quarter of the file descriptor limit if smaller.")
  Integer maxOpenTenants;

  @Option(
      names = "--tenant-idle-timeout",
      defaultValue = "300000",
      paramLabel = "MILLIS",
      description = "An unused tenant handle closes after this long. Default: ${DEFAULT-VALUE}.")
  long tenantIdleTimeoutMillis;

  @Option(
      names = "--max-sessions-per-tenant",
      defaultValue = "" + NodeLimits.DEFAULT_MAX_SESSIONS_PER_TENANT,
      paramLabel = "N",
      description =
          "Sessions of one tenant on this node; more get 53300. Default: ${DEFAULT-VALUE}.")
  int maxSessionsPerTenant;

  @Option(
      names = "--max-concurrent-statements",
      defaultValue = "" + NodeLimits.DEFAULT_MAX_CONCURRENT_STATEMENTS,
      paramLabel = "N",
      description =
          "Requests (a query, an extended-query run) in progress on the node at once; more wait"
              + " in the statement queue. Default: ${DEFAULT-VALUE}.")
  int maxConcurrentStatements;

  @Option(
      names = "--statement-queue",
      defaultValue = "" + NodeLimits.DEFAULT_STATEMENT_QUEUE,
      paramLabel = "N",
      description =
          "Requests waiting for a statement slot; past it a request gets 53000 at once."
              + " Default: ${DEFAULT-VALUE}.")
  int statementQueue;

  @Option(
      names = "--log-slow-statements",
      paramLabel = "MILLIS",
      description =
          "Log every request (a Query, or an extended-query run) that takes at least this long:"
              + " tenant, user, duration and statement text (cut; never bound values). Off unless"
              + " given.")
  Long slowStatementMillis;

  /** How the node reports on itself: {@code metrics}, and the slow-statement log if asked for. */
  NodeInstruments instruments(NodeMetrics metrics) {
    if (slowStatementMillis != null && slowStatementMillis < 0) {
      throw new IllegalArgumentException("--log-slow-statements must not be negative");
    }
    return new NodeInstruments(
        metrics, slowStatementMillis == null ? null : Duration.ofMillis(slowStatementMillis));
  }

  @Option(
      names = "--zone",
      defaultValue = "",
      paramLabel = "LABEL",
      description =
          "Failure domain of this node (rack, availability zone): a shard's followers are placed"
              + " in other zones than its primary first. Default: none.")
  String zone;

  @Option(
      names = "--replica-ack-timeout",
      defaultValue = "2000",
      paramLabel = "MS",
      description =
          "How long a commit waits for an in-sync follower's acknowledgement before the primary"
              + " takes that follower out of the in-sync set and goes on without it."
              + " Default: ${DEFAULT-VALUE}.")
  long replicaAckTimeoutMillis;

  @Option(
      names = "--replica-replace-after",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "How long a follower's node may be gone (its registration ended) before the shard's"
              + " primary puts a copy on another node instead; a node back sooner catches up from"
              + " its own copies. Longer for planned restarts, shorter to restore the factor"
              + " sooner. Default: ${DEFAULT-VALUE}.")
  long replicaReplaceAfterSeconds;

  @Option(
      names = "--move-max-freeze",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "How long a shard this node is the source of a move for may stay frozen before the node"
              + " lifts the freeze by itself (its mover died or hangs; the move then starts over)."
              + " Must be longer than a move's freeze normally lasts. Default: ${DEFAULT-VALUE}.")
  long moveMaxFreezeSeconds;

  @Option(
      names = "--archive-dir",
      paramLabel = "DIR",
      description =
          "Archive every shipped commit and periodic snapshots here for point-in-time restores"
              + " (ctl tenant restore NAME --at TIME); every node of the cluster should name the"
              + " same shared place.")
  Path archiveDir;

  @Option(
      names = "--archive",
      paramLabel = "s3://BUCKET/PREFIX",
      description =
          "Archive to S3-compatible object storage instead of a directory; needs"
              + " --archive-s3-config.")
  java.net.URI archiveS3;

  @Option(
      names = "--archive-s3-config",
      paramLabel = "FILE",
      description =
          "Properties file with endpoint (optional), region, access_key, secret_key and path_style"
              + " for --archive.")
  Path archiveS3Config;

  @Option(
      names = "--archive-retention",
      defaultValue = "7d",
      paramLabel = "DURATION",
      description =
          "How far back a restore can go (e.g. 7d, 36h, 90m); older archive objects are deleted."
              + " Default: ${DEFAULT-VALUE}.")
  String archiveRetention;

  NodeConfig config(String nodeId, Path data, String advertiseAddress) throws java.io.IOException {
    return baseConfig(nodeId, data, advertiseAddress)
        .withReplication(
            ReplicationSettings.DEFAULT
                .withZone(zone)
                .withAckTimeout(Duration.ofMillis(replicaAckTimeoutMillis))
                .withReplaceAfter(Duration.ofSeconds(replicaReplaceAfterSeconds)))
        .withMoveSource(
            MoveSourceSettings.DEFAULT.withMaxFreeze(Duration.ofSeconds(moveMaxFreezeSeconds)))
        .withArchive(archive());
  }

  private java.util.Optional<ArchiveConfig> archive() throws java.io.IOException {
    if (archiveDir != null && archiveS3 != null) {
      throw new IllegalArgumentException("--archive-dir and --archive exclude each other");
    }
    ArchiveSettings settings = ArchiveSettings.DEFAULT.withRetention(duration(archiveRetention));
    if (archiveDir != null) {
      return java.util.Optional.of(
          new ArchiveConfig(ArchiveTargets.directory(archiveDir), settings));
    }
    if (archiveS3 != null) {
      if (archiveS3Config == null) {
        throw new IllegalArgumentException("--archive needs --archive-s3-config");
      }
      return java.util.Optional.of(
          new ArchiveConfig(ArchiveTargets.s3(archiveS3, archiveS3Config), settings));
    }
    return java.util.Optional.empty();
  }

  /** "7d", "36h", "90m", "45s". */
  static Duration duration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]+)([dhms])").matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a duration is a number and one of d, h, m, s (e.g. 7d), not " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private NodeConfig baseConfig(String nodeId, Path data, String advertiseAddress) {
    return new NodeConfig(
        nodeId,
        data,
        advertiseAddress,
        maxSessions,
        Duration.ofMillis(busyTimeoutMillis),
        synchronous,
        workerThreads != null ? workerThreads : NodeConfig.defaultWorkerThreads(),
        NodeConfig.DEFAULT_SHUTDOWN_TIMEOUT,
        new TenantQuotas(
            maxDatabaseBytes, Duration.ofMillis(statementTimeoutMillis), maxResultRows),
        new NodeLimits(
            maxOpenTenants != null ? maxOpenTenants : NodeLimits.defaultMaxOpenTenants(),
            Duration.ofMillis(tenantIdleTimeoutMillis),
            maxSessionsPerTenant,
            maxConcurrentStatements,
            statementQueue));
  }
}
