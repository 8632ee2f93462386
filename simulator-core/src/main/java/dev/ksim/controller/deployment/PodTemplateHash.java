package dev.ksim.controller.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ksim.manifest.KubernetesJson;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash} label: an FNV-1a 32-bit hash of the pod template, written with the
 * alphabet Kubernetes uses for generated names. Upstream hashes Go's printed form of the template;
 * we hash its canonical JSON, so the value differs from a real cluster's but is stable for the same
 * template, which is what the name is for.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go">controller_utils.go
 *     ComputeHash</a>
 */
public final class PodTemplateHash {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private PodTemplateHash() {}

  public static String of(PodTemplateSpec template, int collisionCount) {
    String text;
    try {
      text = KubernetesJson.JSON.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a pod template", e);
    }
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    if (collisionCount > 0) {
      for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8)) {
        hash ^= b & 0xff;
        hash *= 0x01000193;
      }
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  /** apimachinery's SafeEncodeString: each character mapped into the alphabet. */
  private static String safeEncode(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      sb.append(ALPHABET.charAt(text.charAt(i) % ALPHABET.length()));
    }
    return sb.toString();
  }
}
