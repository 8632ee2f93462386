package dev.ksim.scenario;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.SourceLocation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tutorial reads off the cluster before typing it (an address kubectl showed, the node a pod
 * landed on), written in a step as {@code ${clusterIP:NS/NAME}}, {@code ${podIP:NS/NAME}} or {@code
 * ${nodeOf:NS/NAME}} and filled in when the step runs.
 */
final class Placeholders {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(clusterIP|podIP|nodeOf):([^/}]+)/([^}]+)}");

  private Placeholders() {}

  static String expand(String text, Cluster cluster, SourceLocation at) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ns = m.group(2);
      String name = m.group(3);
      String value =
          switch (m.group(1)) {
            case "clusterIP" ->
                cluster
                    .store()
                    .<Service>get(new ObjectKey(ResourceType.SERVICE, ns, name))
                    .map(s -> s.getSpec().getClusterIP())
                    .orElse(null);
            case "podIP" ->
                cluster
                    .store()
                    .<Pod>get(new ObjectKey(ResourceType.POD, ns, name))
                    .map(PodUtil::podIp)
                    .filter(ip -> !ip.isEmpty())
                    .orElse(null);
            default ->
                cluster
                    .store()
                    .<Pod>get(new ObjectKey(ResourceType.POD, ns, name))
                    .map(PodUtil::nodeName)
                    .filter(node -> !node.isEmpty())
                    .orElse(null);
          };
      if (value == null) {
        throw new ScenarioException(
            at, "cannot fill in " + m.group() + ": no such object, or not set yet");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
