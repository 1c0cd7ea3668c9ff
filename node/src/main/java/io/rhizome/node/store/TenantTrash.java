/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Where a dropped tenant's files go: {@code <data>/trash/<tenant>-<timestamp>.db} (and {@code
 * .db-wal}, {@code .db-shm}), moved rather than deleted so a mistaken drop can be undone by hand.
 * Nothing empties the trash; an operator does, when sure.
 *
 * <p>The files are renamed within the data directory's file system, so each move is atomic and
 * costs no copy. Companions go first: a crash half-way leaves the main file in place, so the tenant
 * still "exists" for a retried drop, rather than a stray WAL beside no database that a re-created
 * tenant of the same name would pick up.
 */
public final class TenantTrash {
  private static final List<String> COMPANION_SUFFIXES = List.of("-wal", "-shm", "-journal");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dataDir;
  private final Path trashDir;

  public TenantTrash(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.trashDir = this.dataDir.resolve("trash");
  }

  /**
   * Moves a tenant's files to the trash. The caller must have closed every connection to them.
   *
   * @param file the tenant's database file ({@link TenantStore#tenantFile})
   * @return the trashed database file relative to the data directory, or empty when the tenant had
   *     no database file (its companions, if any, are trashed all the same)
   */
  public Optional<Path> trash(Path file, String tenant, Instant now) throws IOException {
    Files.createDirectories(trashDir);
    Path target = trashDir.resolve(tenant + "-" + STAMP.format(now) + ".db");
    for (String suffix : COMPANION_SUFFIXES) {
      Path companion = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(companion)) {
        Files.move(
            companion,
            target.resolveSibling(target.getFileName() + suffix),
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(dataDir.relativize(target));
  }

  /**
   * Moves a whole shard directory to the trash ({@code trash/shard-<n>-<timestamp>}), after the
   * shard moved to another node. The caller must have closed every connection to its files.
   *
   * @param shardDir the shard's directory ({@link TenantStore#shardDir})
   * @return the trashed directory relative to the data directory, or empty when there was none
   */
  public Optional<Path> trashShard(Path shardDir, int shard, Instant now) throws IOException {
    if (!Files.isDirectory(shardDir)) {
      return Optional.empty();
    }
    Files.createDirectories(trashDir);
    Path target = trashDir.resolve("shard-" + shard + "-" + STAMP.format(now));
    Files.move(shardDir, target, StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(dataDir.relativize(target));
  }

  /** Bytes of a tenant's database file and its companions that exist. */
  public static long sizeOnDisk(Path file) throws IOException {
    long size = 0;
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      Path part = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(part)) {
        size += Files.size(part);
      }
    }
    return size;
  }
}
