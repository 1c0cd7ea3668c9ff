/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a set of PEM files (trusted CAs, a certificate chain, its key; each optional), checks what
 * they hold, hands it on, and reads them again every {@code interval}: when their bytes changed and
 * the new contents pass the same checks, they are handed on again; when not, the last good ones
 * stay in use and a warning names the problem (once per distinct problem). So a rotation that
 * writes the files one after the other at worst takes one more interval to apply, and a broken file
 * never replaces a working certificate.
 *
 * <p>The bytes are compared rather than modification times: a Kubernetes secret volume swaps a
 * symbolic link, and a coarse file-system clock can give two writes the same time.
 */
final class PemReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PemReloader.class);

  /**
   * What the files hold.
   *
   * @param trusted the CA certificates (empty without a CA file)
   * @param chain the certificate chain, leaf first (empty without a certificate file)
   * @param key the chain's key (null without a key file)
   */
  record Material(List<X509Certificate> trusted, List<X509Certificate> chain, PrivateKey key) {}

  /** Rejects material with an {@link IllegalArgumentException} that tells the operator why. */
  interface Check {
    void verify(Material material);
  }

  private final String what;
  private final List<Path> files;
  private final Check check;
  private final Consumer<Material> apply;
  private final ScheduledExecutorService timer;
  private byte[][] current;
  private String lastProblem;

  /**
   * Reads, checks and applies the files once, then starts re-reading them.
   *
   * @param what names the files in logs ("cluster TLS", "etcd TLS")
   * @param ca trusted CA certificates, or null
   * @param cert the certificate chain, or null (then {@code key} is null too)
   * @param key the chain's private key, or null
   * @throws IllegalArgumentException when the files do not hold what they should
   * @throws UncheckedIOException when a file cannot be read
   */
  PemReloader(
      String what,
      Path ca,
      Path cert,
      Path key,
      Check check,
      Consumer<Material> apply,
      Duration interval) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("a certificate and its key go together");
    }
    this.what = what;
    this.files = Arrays.asList(ca, cert, key);
    this.check = check;
    this.apply = apply;
    byte[][] contents;
    try {
      contents = read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + what + " files: " + e.getMessage(), e);
    }
    Material first = parse(contents);
    check.verify(first);
    apply.accept(first);
    this.current = contents;
    LOG.info("{}: {}", what, describe(first));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rhizome-tls-reload");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  private byte[][] read() throws IOException {
    byte[][] contents = new byte[files.size()][];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      contents[i] = file == null ? null : Files.readAllBytes(file);
    }
    return contents;
  }

  private Material parse(byte[][] contents) {
    List<X509Certificate> trusted =
        contents[0] == null ? List.of() : PemFiles.certificates(contents[0], name(0));
    List<X509Certificate> chain =
        contents[1] == null ? List.of() : PemFiles.certificates(contents[1], name(1));
    PrivateKey key = contents[2] == null ? null : PemFiles.privateKey(contents[2], name(2));
    return new Material(trusted, chain, key);
  }

  private String name(int index) {
    return Objects.toString(files.get(index));
  }

  /** Runs on the timer thread (or a test's); never throws (that would end the schedule). */
  synchronized void reloadIfChanged() {
    byte[][] contents;
    try {
      contents = read();
    } catch (IOException e) {
      problem("cannot read the files (" + e + "); still using the previous ones");
      return;
    }
    if (Arrays.deepEquals(contents, current)) {
      return;
    }
    try {
      Material material = parse(contents);
      check.verify(material);
      apply.accept(material);
      current = contents;
      lastProblem = null;
      LOG.info("{} reloaded: {}", what, describe(material));
    } catch (RuntimeException e) {
      problem(
          "the changed files are not usable ("
              + e.getMessage()
              + "); still using the previous ones");
    }
  }

  private void problem(String message) {
    if (!message.equals(lastProblem)) {
      LOG.warn("{}: {}", what, message);
      lastProblem = message;
    }
  }

  private static String describe(Material m) {
    List<String> parts = new ArrayList<>();
    if (!m.chain().isEmpty()) {
      X509Certificate leaf = m.chain().get(0);
      parts.add(
          "certificate "
              + leaf.getSubjectX500Principal().getName()
              + " (serial "
              + leaf.getSerialNumber().toString(16)
              + ", valid until "
              + leaf.getNotAfter().toInstant()
              + ")");
    }
    if (!m.trusted().isEmpty()) {
      parts.add("trusting " + m.trusted().size() + " CA certificate(s)");
    }
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
