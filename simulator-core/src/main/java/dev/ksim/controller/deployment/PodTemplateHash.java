package dev.ksim.controller.deployment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ksim.manifest.KubernetesJson;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

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

  /**
   * {@link KubernetesJson#JSON}, but a pod spec equal to the last one it wrote is written as that
   * one's text: the Deployments of a large cluster mostly run one spec under labels of their own,
   * and writing a spec's beans out reflectively is most of a hash's cost.
   */
  private static final ObjectMapper JSON =
      KubernetesJson.JSON
          .copy()
          .registerModule(new SimpleModule().addSerializer(PodSpec.class, new LastSpecWriter()));

  private PodTemplateHash() {}

  public static String of(PodTemplateSpec template, int collisionCount) {
    try {
      return ofJson(JSON.writeValueAsString(template), collisionCount);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a pod template", e);
    }
  }

  /** The hash of a template written as {@code json}. */
  static String ofJson(String json, int collisionCount) {
    int hash = 0x811c9dc5;
    for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
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

  /**
   * Writes a pod spec as {@link KubernetesJson#JSON} writes it, reusing the text of the last spec
   * written when the two are equal. The specs hashed are the store's, which are never changed in
   * place, so the one remembered still holds what its text says.
   */
  private static final class LastSpecWriter extends StdSerializer<PodSpec> {
    private static final long serialVersionUID = 1L;

    /** A spec and its JSON, replaced whole: hashes may be worked out on several threads. */
    private record Written(PodSpec spec, String json) {}

    private transient volatile @Nullable Written last;

    LastSpecWriter() {
      super(PodSpec.class);
    }

    @Override
    public void serialize(PodSpec spec, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      Written known = last;
      if (known == null || !known.spec().equals(spec)) {
        known = new Written(spec, KubernetesJson.JSON.writeValueAsString(spec));
        last = known;
      }
      generator.writeRawValue(known.json());
    }
  }
}
