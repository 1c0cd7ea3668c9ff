/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.cli.deploy.DeployFiles;
import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import io.rhizome.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Starts the processes the deploy files describe with the arguments they give, here: every flag as
 * written, only the addresses moved to free loopback ports (a service name or 0.0.0.0 becomes
 * 127.0.0.1), etcd to a test etcd, paths to temporary directories. Each must come up ready and
 * serve a client. (Building and running the image itself needs a Docker engine, which these
 * machines do not have.)
 */
class DeployCommandsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "deploy-commands");
  private static final Pattern HOST_PORT =
      Pattern.compile("^(?:https?://)?[A-Za-z0-9.$()_-]+:(\\d+)$");

  /** Rewrites one process's arguments to loopback; the ports it was given, original to new. */
  private static final class Loopback {
    final Map<Integer, Integer> ports = new HashMap<>();
    private final Etcd etcd;
    private final Path dir;
    private final TestCertificates.Pki pki;

    Loopback(Etcd etcd, Path dir, TestCertificates.Pki pki) {
      this.etcd = etcd;
      this.dir = dir;
      this.pki = pki;
    }

    List<String> rewrite(List<String> args) {
      List<String> out = new ArrayList<>();
      for (String arg : args) {
        int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
        String prefix = eq < 0 ? "" : arg.substring(0, eq + 1);
        String value = eq < 0 ? arg : arg.substring(eq + 1);
        out.add(prefix + value(value));
      }
      return out;
    }

    private String value(String value) {
      if (value.startsWith("http://") && value.endsWith(":2379")) {
        return etcd == null ? value : etcd.endpointsFlag();
      }
      if (value.startsWith("/var/lib/rhizome")) {
        return dir.resolve("data").toString();
      }
      if (value.endsWith("tls.crt") || value.endsWith("server.crt")) {
        return pki.serverCert().toString();
      }
      if (value.endsWith("tls.key") || value.endsWith("server.key")) {
        return pki.serverKey().toString();
      }
      Matcher m = HOST_PORT.matcher(value);
      if (m.matches()) {
        int port = ports.computeIfAbsent(Integer.parseInt(m.group(1)), p -> FreePort.pick());
        return "127.0.0.1:" + port;
      }
      return value.replace("$(POD_NAME)", "rhizome-node-0").replace("$(POD_NAMESPACE)", "db");
    }
  }

  private static DeployFiles.Command find(List<DeployFiles.Command> commands, String source) {
    return commands.stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no command " + source + " in " + commands));
  }

  private static RhizomeProcess startReady(
      String name, Loopback loopback, List<String> args, int listenPort) {
    List<String> rewritten = loopback.rewrite(args);
    RhizomeProcess p =
        RhizomeProcess.start(name, LOGS, rewritten.toArray(String[]::new))
            .awaitPort(loopback.ports.get(listenPort));
    AdminHttp admin =
        new AdminHttp(
            loopback.ports.get(9090) != null ? loopback.ports.get(9090) : loopback.ports.get(9091));
    await(name + " ready (" + rewritten + ")")
        .atMost(Duration.ofSeconds(60))
        .until(() -> admin.status("/readyz") == 200);
    return p;
  }

  @Test
  void composeAndKubernetesNodesAndGatewaysComeUpWithTheirFlags() throws Exception {
    Path dir = Files.createTempDirectory("rhizome-deploy-");
    List<RhizomeProcess> started = new ArrayList<>();
    try (Etcd etcd = Etcd.start()) {
      TestCertificates.Pki pki = TestCertificates.create(dir.resolve("tls"));
      List<DeployFiles.Command> compose = DeployFiles.composeCommands();
      List<DeployFiles.Command> k8s = DeployFiles.kubernetesCommands();
      Loopback node1 = new Loopback(etcd, dir.resolve("node1"), pki);
      started.add(startReady("compose-node1", node1, find(compose, "compose node1").args(), 7000));
      Loopback k8sNode = new Loopback(etcd, dir.resolve("k8s-node"), pki);
      started.add(startReady("k8s-node", k8sNode, find(k8s, "node.yaml node").args(), 7000));
      Loopback gateway1 = new Loopback(etcd, dir.resolve("gateway1"), pki);
      started.add(
          startReady("compose-gateway1", gateway1, find(compose, "compose gateway1").args(), 5432));
      Loopback k8sGateway = new Loopback(etcd, dir.resolve("k8s-gateway"), pki);
      started.add(
          startReady("k8s-gateway", k8sGateway, find(k8s, "gateway.yaml gateway").args(), 5432));

      int port = gateway1.ports.get(5432);
      Result created = RhizomeProcess.createTenant(port, "acme", "app", "pw");
      assertEquals(0, created.exitCode(), created::toString);
      Result viaCompose = Psql.script(port, "acme", "app", "pw", "SELECT 40 + 2;");
      assertEquals("42\n", viaCompose.stdout(), viaCompose::toString);
      Result viaK8s = Psql.script(k8sGateway.ports.get(5432), "acme", "app", "pw", "SELECT 1;");
      assertEquals("1\n", viaK8s.stdout(), viaK8s::toString);
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      Etcd.deleteRecursively(dir);
    }
  }

  @Test
  void theImageDefaultAndTheSystemdStandaloneComeUpWithTheirFlags() throws Exception {
    Path dir = Files.createTempDirectory("rhizome-deploy-");
    try {
      TestCertificates.Pki pki = TestCertificates.create(dir.resolve("tls"));
      for (DeployFiles.Command c :
          List.of(
              DeployFiles.dockerfileCommand(),
              find(DeployFiles.systemdCommands(), "rhizome-standalone.service"))) {
        Loopback loopback = new Loopback(null, dir.resolve(c.source().replace(' ', '-')), pki);
        try (RhizomeProcess p =
            startReady(c.source().replace(' ', '-'), loopback, c.args(), 5432)) {
          int port = loopback.ports.get(5432);
          Result created = RhizomeProcess.createTenant(port, "acme", "app", "pw");
          assertEquals(0, created.exitCode(), created::toString);
          Result r = Psql.script(port, "acme", "app", "pw", "SELECT 40 + 2;");
          assertEquals("42\n", r.stdout(), r::toString);
        }
      }
    } finally {
      Etcd.deleteRecursively(dir);
    }
  }
}
