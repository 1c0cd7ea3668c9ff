/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON schemas of the Kubernetes objects deploy/k8s uses, offline: fabric8's {@code
 * schema/validation-schema.json} (generated from the Kubernetes API types, one per model jar), made
 * strict, since as published it lets any unknown field through: every object with declared
 * properties refuses others, fields marked required are required, and quantities and int-or-strings
 * accept what the API accepts (a string or a number) instead of fabric8's Java form.
 */
final class KubernetesSchemas {
  /** Kind to (apiVersion, fabric8 definition, model jar's module). */
  private static final Map<String, String[]> KINDS =
      Map.of(
          "StatefulSet",
          new String[] {"apps/v1", "kubernetes_apps_StatefulSet", "apps"},
          "Deployment",
          new String[] {"apps/v1", "kubernetes_apps_Deployment", "apps"},
          "Service",
          new String[] {"v1", "kubernetes_core_Service", "apps"},
          "Secret",
          new String[] {"v1", "kubernetes_core_Secret", "apps"},
          "PodDisruptionBudget",
          new String[] {"policy/v1", "kubernetes_policy_v1_PodDisruptionBudget", "policy"});

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ObjectNode> definitionsByModule;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  KubernetesSchemas() throws IOException {
    definitionsByModule = new java.util.HashMap<>();
    Enumeration<URL> found =
        KubernetesSchemas.class.getClassLoader().getResources("schema/validation-schema.json");
    while (found.hasMoreElements()) {
      URL url = found.nextElement();
      try (InputStream in = url.openStream()) {
        JsonNode doc = JSON.readTree(in);
        String module = doc.path("$module").asText();
        ObjectNode definitions = (ObjectNode) doc.get("definitions");
        strictDefinitions(definitions);
        definitionsByModule.put(module, definitions);
      }
    }
    if (!definitionsByModule.keySet().containsAll(List.of("apps", "policy"))) {
      throw new IllegalStateException(
          "fabric8 model schemas missing from the test class path: "
              + definitionsByModule.keySet());
    }
  }

  /** What is wrong with one manifest document; empty when it is valid. */
  List<String> validate(JsonNode doc) {
    String kind = doc.path("kind").asText();
    String[] known = KINDS.get(kind);
    if (known == null) {
      return List.of("kind '" + kind + "' has no schema here");
    }
    List<String> problems = new ArrayList<>();
    if (!known[0].equals(doc.path("apiVersion").asText())) {
      problems.add(kind + " needs apiVersion " + known[0] + ", has " + doc.path("apiVersion"));
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("definitions", definitionsByModule.get(known[2]));
    root.put("$ref", "#/definitions/" + known[1]);
    Schema schema = registry.getSchema(root.toString(), InputFormat.JSON);
    for (Error e : schema.validate(doc)) {
      problems.add(e.getInstanceLocation() + ": " + e.getMessage());
    }
    return problems;
  }

  private static void strictDefinitions(ObjectNode definitions) {
    Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
    List<String> names = new ArrayList<>();
    it.forEachRemaining(e -> names.add(e.getKey()));
    for (String name : names) {
      if (name.endsWith("_Quantity")) {
        definitions.set(name, typeOf("string", "number"));
      } else if (name.endsWith("_IntOrString")) {
        definitions.set(name, typeOf("string", "integer"));
      } else {
        strict(definitions.get(name));
      }
    }
  }

  private static ObjectNode typeOf(String... types) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode t = n.putArray("type");
    for (String type : types) {
      t.add(type);
    }
    return n;
  }

  /** Makes one schema (and those nested in it) strict; see the class comment. */
  private static void strict(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    JsonNode properties = schema.get("properties");
    if (properties instanceof ObjectNode props) {
      ArrayNode required = JSON.createArrayNode();
      props
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode p = e.getValue();
                if (p.path("required").isBoolean()) {
                  // apiVersion and kind are required of a document, not of an embedded object
                  // (a volume claim template); the validator checks them on the document.
                  if (p.path("required").asBoolean()
                      && !e.getKey().equals("apiVersion")
                      && !e.getKey().equals("kind")) {
                    required.add(e.getKey());
                  }
                  ((ObjectNode) p).remove("required");
                }
                strict(p);
              });
      if (!required.isEmpty()) {
        schema.set("required", required);
      }
      schema.put("additionalProperties", false);
    } else if (schema.get("additionalProperties") instanceof ObjectNode values) {
      strict(values);
    }
    if (schema.get("items") instanceof ObjectNode items) {
      strict(items);
    }
  }
}
