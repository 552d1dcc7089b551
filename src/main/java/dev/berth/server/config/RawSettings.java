package dev.berth.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Configuration values as written, before any parsing: the YAML file's values overridden by {@code
 * BERTH_…} environment variables. Unknown keys and variables, and a file that cannot be read,
 * become problems.
 */
final class RawSettings {

  /**
   * One value as written.
   *
   * @param name the name to report the value under: the YAML key path or the environment variable
   * @param node the YAML node, or a text node for an environment variable
   */
  record RawValue(String name, JsonNode node) {}

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Map<ConfigKey, RawValue> values = new EnumMap<>(ConfigKey.class);
  private final List<ConfigProblem> problems;

  private RawSettings(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  /**
   * Reads the file, when given, then the environment, adding every problem found to {@code
   * problems}. An environment variable set to the empty string counts as unset.
   */
  static RawSettings read(
      Optional<Path> file, Map<String, String> environment, List<ConfigProblem> problems) {
    RawSettings settings = new RawSettings(problems);
    file.ifPresent(settings::readFile);
    settings.readEnvironment(environment);
    return settings;
  }

  /** Returns the value written for {@code key}, from the environment when both sources set it. */
  Optional<RawValue> get(ConfigKey key) {
    return Optional.ofNullable(values.get(key));
  }

  private void readFile(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = YAML.readTree(in);
    } catch (NoSuchFileException e) {
      problems.add(
          new ConfigProblem(
              file.toString(),
              "file not found" + ConfigBinder.workingDirectoryHint(file) + "; check the path"));
      return;
    } catch (JsonProcessingException e) {
      problems.add(new ConfigProblem(file.toString(), "invalid YAML " + describeSyntaxError(e)));
      return;
    } catch (IOException e) {
      problems.add(new ConfigProblem(file.toString(), "failed to read: " + e));
      return;
    }

    // An empty file sets nothing.
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      problems.add(
          new ConfigProblem(
              file.toString(),
              "is not a YAML mapping of keys to values; start it with a key, such as"
                  + " listen: 127.0.0.1:5000"));
      return;
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      readTopLevel(field.getKey(), field.getValue());
    }
  }

  /**
   * Describes a YAML syntax error on one line. SnakeYAML's own message spans several lines with
   * source excerpts, so its parts are taken one by one where it is the cause.
   */
  private static String describeSyntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      String where = at(yaml.getProblemMark());
      String context =
          yaml.getContext() == null || yaml.getContextMark() == null
              ? ""
              : " (" + yaml.getContext() + " that starts" + at(yaml.getContextMark()) + ")";
      return where.strip() + ": " + yaml.getProblem() + context;
    }
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? ""
            : "at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    return where + e.getOriginalMessage();
  }

  /** Returns a SnakeYAML mark, which counts from 0, as a 1-based line and column. */
  private static String at(Mark mark) {
    return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private void readTopLevel(String name, JsonNode node) {
    Optional<ConfigKey> key = ConfigKey.byPath(name);
    if (key.isPresent() && key.get().section().isPresent()) {
      ConfigKey dotted = key.get();
      problems.add(
          new ConfigProblem(
              name,
              "dotted keys are not read; write "
                  + dotted.fieldName()
                  + " indented under "
                  + dotted.section().orElseThrow()
                  + ":"));
      return;
    }
    if (key.isPresent()) {
      put(key.get(), name, node);
      return;
    }
    if (!sections().contains(name)) {
      problems.add(new ConfigProblem(name, unknownKeyMessage(name, topLevelNames())));
      return;
    }

    // A section: a mapping of field names to values, or null when written empty.
    if (node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(
          new ConfigProblem(
              name,
              "is not a mapping; write its keys indented under it, such as "
                  + name
                  + ": {"
                  + String.join(": …, ", fieldNames(name))
                  + ": …}"));
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = name + "." + field.getKey();
      Optional<ConfigKey> child = ConfigKey.byPath(path);
      if (child.isPresent() && !field.getKey().contains(".")) {
        put(child.get(), path, field.getValue());
      } else {
        problems.add(new ConfigProblem(path, unknownKeyMessage(field.getKey(), fieldNames(name))));
      }
    }
  }

  private void put(ConfigKey key, String name, JsonNode node) {
    // A key written with no value, or with ~ or null, keeps its default.
    if (!node.isNull()) {
      values.put(key, new RawValue(name, node));
    }
  }

  private void readEnvironment(Map<String, String> environment) {
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(ConfigKey.ENVIRONMENT_PREFIX)
          || name.startsWith(ConfigKey.TEST_ENVIRONMENT_PREFIX)
          || ConfigKey.OTHER_VARIABLES.contains(name)) {
        continue;
      }
      Optional<ConfigKey> key = ConfigKey.byEnvironmentVariable(name);
      if (key.isEmpty()) {
        List<String> known =
            Arrays.stream(ConfigKey.values()).map(ConfigKey::environmentVariable).toList();
        problems.add(new ConfigProblem(name, unknownVariableMessage(name, known)));
      } else if (!variable.getValue().isEmpty()) {
        values.put(key.get(), new RawValue(name, TextNode.valueOf(variable.getValue())));
      }
    }
  }

  private static SequencedSet<String> sections() {
    SequencedSet<String> sections = new LinkedHashSet<>();
    for (ConfigKey key : ConfigKey.values()) {
      key.section().ifPresent(sections::add);
    }
    return sections;
  }

  private static List<String> topLevelNames() {
    SequencedSet<String> names = new LinkedHashSet<>();
    for (ConfigKey key : ConfigKey.values()) {
      names.add(key.section().orElse(key.path()));
    }
    return List.copyOf(names);
  }

  private static List<String> fieldNames(String section) {
    List<String> names = new ArrayList<>();
    for (ConfigKey key : ConfigKey.values()) {
      if (key.section().equals(Optional.of(section))) {
        names.add(key.fieldName());
      }
    }
    return names;
  }

  private static String unknownKeyMessage(String name, List<String> validNames) {
    return closest(name, validNames)
        .map(match -> "unknown key; did you mean " + match + "?")
        .orElseGet(() -> "unknown key; valid keys here are " + ConfigBinder.listOf(validNames));
  }

  private static String unknownVariableMessage(String name, List<String> validNames) {
    return closest(name, validNames)
        .map(match -> "unknown variable; did you mean " + match + "?")
        .orElseGet(
            () ->
                "unknown variable; Berth reads only "
                    + ConfigBinder.listOf(validNames)
                    + ", so rename or unset it");
  }

  /** Returns the valid name within two edits of {@code name}, to suggest for a typing mistake. */
  private static Optional<String> closest(String name, List<String> validNames) {
    @Nullable String best = null;
    int bestDistance = 3;
    for (String candidate : validNames) {
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Returns the Levenshtein distance: the fewest insertions, deletions and substitutions. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
