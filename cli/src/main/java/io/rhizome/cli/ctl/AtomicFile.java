/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through FILE.tmp, renamed over FILE once complete, so a failed or interrupted write
 * never leaves a partial FILE behind (nor a FILE.tmp: it is deleted).
 */
final class AtomicFile {
  /** Writes the contents; what it returns, {@link #write} returns. */
  @FunctionalInterface
  interface Contents<T> {
    T writeTo(OutputStream out) throws Exception;
  }

  private AtomicFile() {}

  /**
   * @param ownerOnly create the file readable by its owner only (where the file system has POSIX
   *     permissions), for files that hold secrets
   */
  static <T> T write(Path file, boolean ownerOnly, Contents<T> contents) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    boolean done = false;
    try {
      if (ownerOnly) {
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(
              tmp,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
      }
      T result;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        result = contents.writeTo(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
