package dev.berth.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Serves the OCI 1.1 referrers API: the manifests whose {@code subject} is a given digest, as an
 * image index. Manifests that older clients listed in a fallback tag ({@code sha256-<hex>}) are
 * included too, so content pushed before this registry spoke OCI 1.1 stays discoverable.
 */
final class ReferrersService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final RegistryStore store;
  private final ManifestParser parser = new ManifestParser();

  ReferrersService(Jdbi jdbi, RegistryStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  /** Returns the referrers index of {@code subject}, filtered to {@code artifactType} if given. */
  byte[] referrers(RepositoryName repository, Digest subject, Optional<String> artifactType) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");

    Set<Digest> seen = new LinkedHashSet<>();
    jdbi.useHandle(
        h -> {
          for (ManifestRecord referrer : store.findReferrers(h, repository, subject)) {
            seen.add(referrer.digest());
            if (matches(referrer.artifactType(), artifactType)) {
              manifests.add(descriptor(referrer));
            }
          }
          for (Descriptor listed : fallbackTagEntries(h, repository, subject)) {
            if (seen.add(listed.digest()) && matches(listed.artifactType(), artifactType)) {
              manifests.add(descriptor(listed));
            }
          }
        });
    try {
      return JSON.writeValueAsBytes(index);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("referrers index failed to serialise", e);
    }
  }

  private List<Descriptor> fallbackTagEntries(
      org.jdbi.v3.core.Handle h, RepositoryName repository, Digest subject) {
    Tag tag = new Tag(subject.algorithm().wireName() + "-" + subject.hex().substring(0, 64));
    Optional<ManifestRecord> listed = store.findManifestByTag(h, repository, tag);
    if (listed.isEmpty() || !MediaTypes.INDEXES.contains(listed.get().mediaType())) {
      return List.of();
    }
    try {
      Manifest index = parser.parse(listed.get().content(), Optional.of(listed.get().mediaType()));
      return index.manifests();
    } catch (OciFormatException e) {
      return List.of();
    }
  }

  private static boolean matches(Optional<String> actual, Optional<String> requested) {
    return requested.isEmpty() || requested.equals(actual);
  }

  private static ObjectNode descriptor(ManifestRecord referrer) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", referrer.mediaType());
    node.put("digest", referrer.digest().toString());
    node.put("size", referrer.size());
    referrer.artifactType().ifPresent(t -> node.put("artifactType", t));
    referrer
        .annotationsJson()
        .ifPresent(
            json -> {
              try {
                Map<String, String> annotations =
                    JSON.readValue(json, new TypeReference<Map<String, String>>() {});
                ObjectNode target = node.putObject("annotations");
                annotations.forEach(target::put);
              } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored annotations are not JSON", e);
              }
            });
    return node;
  }

  private static ObjectNode descriptor(Descriptor listed) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", listed.mediaType());
    node.put("digest", listed.digest().toString());
    node.put("size", listed.size());
    listed.artifactType().ifPresent(t -> node.put("artifactType", t));
    if (!listed.annotations().isEmpty()) {
      ObjectNode target = node.putObject("annotations");
      listed.annotations().forEach(target::put);
    }
    return node;
  }
}
