package dev.ksim.manifest;

import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A Kubernetes object read from a manifest, with the document it came from (for error lines).
 *
 * @param document the YAML document
 * @param type the object's kind
 * @param object the object, with its namespace defaulted
 */
public record ObjectManifest(YamlDocument document, ResourceType<?> type, HasMetadata object) {}
