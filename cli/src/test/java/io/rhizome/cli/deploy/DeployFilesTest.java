/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.rhizome.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The files under deploy/ checked offline with what installs here: the compose file and the
 * Kubernetes manifests against published JSON schemas, the systemd units with {@code
 * systemd-analyze verify}, the Prometheus configuration and alert rules with {@code promtool}, and
 * every rhizome command line they run with the real command-line parser.
 */
class DeployFilesTest {

  @Test
  void composeFileFollowsTheComposeSpecification() throws Exception {
    ObjectNode spec;
    try (InputStream in = getClass().getResourceAsStream("/schemas/compose-spec.json")) {
      spec = (ObjectNode) new ObjectMapper().readTree(in);
    }
    // Its draft-04 style "id"s only repeat where each schema sits ("#/definitions/service"); the
    // 2019-09 validator its $schema names has no such keyword, so they go.
    removeIds(spec);
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
            .getSchema(spec.toString(), InputFormat.JSON);
    JsonNode compose = DeployFiles.yamlDocuments(DeployFiles.path("compose.yaml")).get(0);
    assertEquals(List.of(), messages(schema.validate(compose)));
    // The schema is strict: a misspelt key is caught.
    ObjectNode broken = compose.deepCopy();
    ((ObjectNode) broken.path("services").path("node1")).put("stop_grace_periode", "45s");
    assertFalse(schema.validate(broken).isEmpty(), "a misspelt service key fails");
    assertEquals(
        List.of("etcd", "gateway1", "gateway2", "node1", "node2", "node3"),
        sorted(compose.path("services").fieldNames()));
  }

  @Test
  void kubernetesManifestsFollowTheApiSchemas() throws Exception {
    KubernetesSchemas schemas = new KubernetesSchemas();
    List<String> problems = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (Path file : DeployFiles.kubernetesManifests()) {
      for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
        kinds.add(doc.path("kind").asText());
        schemas.validate(doc).forEach(p -> problems.add(file.getFileName() + ": " + p));
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(
        kinds.containsAll(
            List.of("StatefulSet", "Deployment", "Service", "PodDisruptionBudget", "Secret")),
        kinds::toString);
    // The schemas catch a misspelt field, a wrong type and a missing required field.
    JsonNode statefulSet = findKind("node.yaml", "StatefulSet");
    ObjectNode typo = statefulSet.deepCopy();
    ((ObjectNode) typo.path("spec").path("template").path("spec"))
        .put("terminationGracePeriod", 45);
    assertFalse(schemas.validate(typo).isEmpty(), "a misspelt field fails");
    ObjectNode wrongType = statefulSet.deepCopy();
    ((ObjectNode) wrongType.path("spec")).put("replicas", "three");
    assertFalse(schemas.validate(wrongType).isEmpty(), "a string for an integer fails");
    ObjectNode badPort = statefulSet.deepCopy();
    ((ObjectNode)
            badPort
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("ports")
                .get(0))
        .put("containerPort", "seven thousand");
    assertFalse(schemas.validate(badPort).isEmpty(), "a string for a nested integer fails");
    ObjectNode badQuantity = statefulSet.deepCopy();
    ((ObjectNode)
            badQuantity
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("resources")
                .path("limits"))
        .putArray("memory");
    assertFalse(schemas.validate(badQuantity).isEmpty(), "a list for a quantity fails");
  }

  @Test
  void kubernetesPodsProbeLivezAndReadyzAndOutwaitTheShutdownGrace() throws Exception {
    for (String file : List.of("node.yaml", "gateway.yaml")) {
      JsonNode workload =
          findKind(file, file.equals("node.yaml") ? "StatefulSet" : "Deployment")
              .path("spec")
              .path("template")
              .path("spec");
      JsonNode container = workload.path("containers").get(0);
      assertEquals("/livez", container.path("livenessProbe").path("httpGet").path("path").asText());
      assertEquals(
          "/readyz", container.path("readinessProbe").path("httpGet").path("path").asText());
      List<String> args = new ArrayList<>();
      container.path("args").forEach(a -> args.add(a.asText()));
      int grace = Integer.parseInt(DeployFiles.flag(args, "--shutdown-grace"));
      assertTrue(
          workload.path("terminationGracePeriodSeconds").asInt() > grace + 5,
          file + ": terminationGracePeriodSeconds above --shutdown-grace and a preStop pause");
      assertTrue(
          hasFileSecret(workload, "rhizome-admin"), file + ": admin password from a Secret file");
    }
    JsonNode gateway = findKind("gateway.yaml", "Deployment").path("spec").path("template");
    assertTrue(hasFileSecret(gateway.path("spec"), "rhizome-tls"), "TLS from a Secret file");
    JsonNode claims =
        findKind("node.yaml", "StatefulSet").path("spec").path("volumeClaimTemplates");
    assertEquals(1, claims.size(), "a volume claim per node");
  }

  @Test
  void everyCommandTheDeployFilesRunParses() throws Exception {
    List<DeployFiles.Command> commands = new ArrayList<>();
    commands.addAll(DeployFiles.composeCommands());
    commands.addAll(DeployFiles.kubernetesCommands());
    commands.addAll(DeployFiles.systemdCommands());
    commands.add(DeployFiles.dockerfileCommand());
    assertEquals(11, commands.size(), commands::toString);
    for (DeployFiles.Command c : commands) {
      List<String> args =
          c.args().stream()
              .map(
                  a -> a.replace("$(POD_NAME)", "rhizome-node-0").replace("$(POD_NAMESPACE)", "db"))
              .toList();
      CommandLine.ParseResult parsed;
      try {
        parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        throw new AssertionError(c.source() + ": " + e.getMessage() + " in " + args, e);
      }
      assertTrue(parsed.hasSubcommand(), c.source());
      assertTrue(DeployFiles.flag(args, "--admin-listen") != null, c.source() + " serves /readyz");
    }
  }

  @Test
  void composeWaitsLongerThanTheShutdownGrace() throws Exception {
    JsonNode compose = DeployFiles.yamlDocuments(DeployFiles.path("compose.yaml")).get(0);
    for (DeployFiles.Command c : DeployFiles.composeCommands()) {
      String service = c.source().substring("compose ".length());
      JsonNode s = compose.path("services").path(service);
      Duration stop = Duration.parse("PT" + s.path("stop_grace_period").asText().toUpperCase());
      int grace = Integer.parseInt(DeployFiles.flag(c.args(), "--shutdown-grace"));
      assertTrue(stop.toSeconds() > grace, service + ": stop_grace_period above the grace");
      assertTrue(
          s.path("healthcheck").path("test").toString().contains("/readyz"),
          service + ": health check on /readyz");
    }
  }

  @Test
  void systemdUnitsVerify() throws Exception {
    List<String> command = new ArrayList<>(List.of(tool("systemd-analyze"), "verify", "--man=no"));
    for (String role : List.of("node", "gateway", "standalone")) {
      command.add(DeployFiles.path("systemd/rhizome-" + role + ".service").toString());
    }
    Run r = run(command, null);
    assertEquals(0, r.exit(), r::toString);
    assertEquals("", r.output().trim(), "systemd-analyze says nothing about the units");
    // And it does complain: a unit with an unknown key does not pass this test.
    Path broken = Files.createTempFile("rhizome-broken", ".service");
    try {
      Files.writeString(
          broken,
          Files.readString(DeployFiles.path("systemd/rhizome-node.service"))
              .replace("UMask=0027", "UMask=0027\nProtectEverything=yes"));
      Run bad =
          run(List.of(tool("systemd-analyze"), "verify", "--man=no", broken.toString()), null);
      assertTrue(bad.output().contains("ProtectEverything"), bad::toString);
    } finally {
      Files.deleteIfExists(broken);
    }
  }

  @Test
  void prometheusConfigIsValidAndTheAlertRulesPassTheirTests() throws Exception {
    Run config =
        run(
            List.of(
                tool("promtool"),
                "check",
                "config",
                DeployFiles.path("prometheus/prometheus.yml").toString()),
            null);
    assertEquals(0, config.exit(), config::toString);
    Run rules =
        run(
            List.of(
                tool("promtool"),
                "test",
                "rules",
                DeployFiles.path("prometheus/alerts.test.yml").toString()),
            null);
    assertEquals(0, rules.exit(), rules::toString);
    assertTrue(rules.output().contains("SUCCESS"), rules::toString);
  }

  private static void removeIds(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("id").isTextual()) {
        o.remove("id");
      }
      o.forEach(DeployFilesTest::removeIds);
    } else if (node.isArray()) {
      node.forEach(DeployFilesTest::removeIds);
    }
  }

  private static boolean hasFileSecret(JsonNode podSpec, String secret) {
    for (JsonNode v : podSpec.path("volumes")) {
      if (secret.equals(v.path("secret").path("secretName").asText())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode findKind(String file, String kind) throws IOException {
    for (JsonNode doc : DeployFiles.yamlDocuments(DeployFiles.path("k8s/" + file))) {
      if (kind.equals(doc.path("kind").asText())) {
        return doc;
      }
    }
    throw new AssertionError("no " + kind + " in " + file);
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static List<String> sorted(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    out.sort(null);
    return out;
  }

  /** A tool the check needs; the build fails, rather than skips, without it. */
  private static String tool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        name
            + " is not installed (Debian: "
            + (name.equals("promtool") ? "prometheus" : "systemd")
            + ")");
  }

  record Run(int exit, String output) {}

  private static Run run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }
}
