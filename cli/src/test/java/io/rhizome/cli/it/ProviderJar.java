/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import io.rhizome.node.functions.SqlFunctionProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs one compiled {@link SqlFunctionProvider} (with its nested classes) and its {@code
 * META-INF/services} entry into a jar, as a user would ship custom functions.
 */
final class ProviderJar {
  private ProviderJar() {}

  static Path build(Path jar, Class<? extends SqlFunctionProvider> provider) throws IOException {
    Path classes;
    try {
      classes = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String packageDir = provider.getPackageName().replace('.', '/');
    String simple = provider.getSimpleName();
    List<Path> files;
    try (Stream<Path> listing = Files.list(classes.resolve(packageDir))) {
      files =
          listing
              .filter(
                  f -> {
                    String n = f.getFileName().toString();
                    return n.equals(simple + ".class") || n.startsWith(simple + "$");
                  })
              .toList();
    }
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Path f : files) {
        out.putNextEntry(new JarEntry(packageDir + "/" + f.getFileName()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + SqlFunctionProvider.class.getName()));
      out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
