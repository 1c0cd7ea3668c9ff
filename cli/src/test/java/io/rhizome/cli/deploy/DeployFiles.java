/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files under deploy/ as data: YAML documents (anchors and merge keys resolved, as Compose and
 * kubectl resolve them) and the rhizome command lines each file runs.
 */
public final class DeployFiles {
  /** The module's tests run in cli/; deploy/ is beside it. */
  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  static Path path(String relative) {
    return DEPLOY.resolve(relative);
  }

  /** Every document of a YAML file, as JSON trees. */
  static List<JsonNode> yamlDocuments(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
        if (doc != null) {
          docs.add(JSON.valueToTree(doc));
        }
      }
    }
    return docs;
  }

  static List<Path> kubernetesManifests() throws IOException {
    try (Stream<Path> files = Files.list(path("k8s"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** A rhizome command line run by one deploy file, and where it comes from. */
  public record Command(String source, List<String> args) {}

  /** The rhizome commands of compose.yaml: services whose image is rhizome. */
  public static List<Command> composeCommands() throws IOException {
    JsonNode compose = yamlDocuments(path("compose.yaml")).get(0);
    List<Command> out = new ArrayList<>();
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("image").asText().startsWith("rhizome")) {
                out.add(new Command("compose " + e.getKey(), strings(e.getValue().get("command"))));
              }
            });
    return out;
  }

  /** The args of every Kubernetes container that runs the rhizome image. */
  public static List<Command> kubernetesCommands() throws IOException {
    List<Command> out = new ArrayList<>();
    for (Path file : kubernetesManifests()) {
      for (JsonNode doc : yamlDocuments(file)) {
        for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
          if (c.path("image").asText().startsWith("rhizome")) {
            out.add(
                new Command(
                    file.getFileName() + " " + c.path("name").asText(), strings(c.get("args"))));
          }
        }
      }
    }
    return out;
  }

  /**
   * The rhizome arguments of each systemd unit's ExecStart (after {@code -jar rhizome.jar}), with
   * the unit's example environment file substituted as systemd would.
   */
  public static List<Command> systemdCommands() throws IOException {
    List<Command> out = new ArrayList<>();
    for (String role : List.of("node", "gateway", "standalone")) {
      String unit = Files.readString(path("systemd/rhizome-" + role + ".service"));
      Map<String, String> env = envFile(path("systemd/rhizome-" + role + ".env"));
      Matcher m = Pattern.compile("(?m)^ExecStart=(.*)$").matcher(unit);
      if (!m.find()) {
        throw new IllegalStateException("no ExecStart in rhizome-" + role + ".service");
      }
      List<String> words = new ArrayList<>();
      for (String word : m.group(1).trim().split("\\s+")) {
        String w = substitute(word, env);
        if (!w.isEmpty()) {
          words.addAll(List.of(w.split("\\s+")));
        }
      }
      int jar = words.indexOf("/opt/rhizome/rhizome.jar");
      out.add(new Command("rhizome-" + role + ".service", words.subList(jar + 1, words.size())));
    }
    return out;
  }

  /** The default command of the image (Dockerfile CMD, exec form). */
  public static Command dockerfileCommand() throws IOException {
    Matcher m =
        Pattern.compile("(?m)^CMD (\\[.*\\])$").matcher(Files.readString(path("Dockerfile")));
    if (!m.find()) {
      throw new IllegalStateException("no exec-form CMD in the Dockerfile");
    }
    return new Command("Dockerfile CMD", strings(JSON.readTree(m.group(1))));
  }

  static Map<String, String> envFile(Path file) throws IOException {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return env;
  }

  /** systemd's ${VAR} and $VAR expansion in ExecStart. */
  private static String substitute(String word, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)\\}|\\$([A-Z_]+)").matcher(word);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = env.get(name);
      if (value == null) {
        throw new IllegalStateException("ExecStart uses $" + name + ", not set in the env file");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** The value of {@code --flag VALUE} or {@code --flag=VALUE}, or null. */
  static String flag(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return null;
  }
}
