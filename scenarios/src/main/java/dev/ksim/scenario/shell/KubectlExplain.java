package dev.ksim.scenario.shell;

import dev.ksim.scenario.shell.explain.ApiDiscovery;
import dev.ksim.scenario.shell.explain.ApiResource;
import dev.ksim.scenario.shell.explain.Explainer;
import dev.ksim.scenario.shell.explain.ModelSchemas;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code kubectl explain RESOURCE[.FIELD...] [--recursive] [--api-version GROUP/VERSION]}: the
 * documentation of Kubernetes v1.34's resources and their fields. RESOURCE is what kubectl resolves
 * through discovery (plural, singular, kind or short name, optionally followed by its group: {@code
 * deployments.apps.spec}); without {@code --api-version} the resource's preferred version is
 * explained.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go">kubectl
 *     explain</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/explain/explain.go">SplitAndParseResourceRequestWithMatchingPrefix</a>
 */
final class KubectlExplain {
  private static final ApiDiscovery DISCOVERY = ApiDiscovery.kubernetes134();
  private static final ModelSchemas SCHEMAS = new ModelSchemas();

  CommandResult explain(List<String> args) {
    try {
      return run(args);
    } catch (KubectlException e) {
      return e.result();
    }
  }

  private static CommandResult run(List<String> args) {
    boolean recursive = false;
    @Nullable String apiVersion = null;
    List<String> resources = new ArrayList<>();
    boolean verbSeen = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--recursive") || arg.equals("--recursive=true")) {
        recursive = true;
      } else if (arg.equals("--recursive=false")) {
        recursive = false;
      } else if (arg.equals("--api-version")) {
        apiVersion = value(args, ++i, arg);
      } else if (arg.startsWith("--api-version=")) {
        apiVersion = arg.substring("--api-version=".length());
      } else if (arg.equals("-n") || arg.equals("--namespace")) {
        i++; // explain documents types: a namespace changes nothing
      } else if (arg.equals("-o") || arg.equals("--output")) {
        plaintext(value(args, ++i, arg));
      } else if (arg.startsWith("--output=") || arg.startsWith("-o=")) {
        plaintext(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option(
            "kubectl explain", arg, "--recursive, --api-version, -o plaintext");
      } else if (!verbSeen) {
        verbSeen = true;
      } else {
        resources.add(arg);
      }
    }
    if (resources.isEmpty()) {
      return error(
          "You must specify the type of resource to explain. Use \"kubectl api-resources\" for a"
              + " complete list of supported resources.\n");
    }
    if (resources.size() > 1) {
      return error("We accept only this format: explain RESOURCE\n");
    }
    return explain(resources.get(0), apiVersion, recursive);
  }

  private static CommandResult explain(
      String request, @Nullable String apiVersion, boolean recursive) {
    List<String> segments = Arrays.asList(request.replaceFirst("\\.$", "").split("\\.", -1));
    if (segments.contains("")) {
      throw new KubectlException(
          "error: invalid jsonpath syntax, all nodes must be field nodes\n", 1);
    }
    String name = segments.get(0);
    List<ApiResource> candidates = DISCOVERY.resourcesFor(name);
    if (candidates.isEmpty()) {
      throw new KubectlException(
          "error: the server doesn't have a resource type \""
              + name.toLowerCase(Locale.ROOT)
              + "\"\n",
          1);
    }
    List<String> fields = segments.subList(1, segments.size());
    if (apiVersion != null) {
      return new Explainer(SCHEMAS)
          .explain(atVersion(candidates.get(0), apiVersion), fields, recursive);
    }
    for (ApiResource candidate : candidates) {
      String qualified = candidate.groupResource();
      if (request.startsWith(qualified)) {
        List<String> suffix = Arrays.asList(request.substring(qualified.length()).split("\\."));
        return new Explainer(SCHEMAS)
            .explain(
                candidate, suffix.subList(Math.min(1, suffix.size()), suffix.size()), recursive);
      }
    }
    return new Explainer(SCHEMAS).explain(candidates.get(0), fields, recursive);
  }

  /**
   * {@code resource} at the group/version {@code --api-version} names, failing as kubectl does when
   * the API server serves no such group/version or the resource is not in it.
   */
  private static ApiResource atVersion(ApiResource resource, String apiVersion) {
    String[] parts = apiVersion.split("/", -1);
    if (parts.length > 2) {
      throw new KubectlException("error: unexpected GroupVersion string: " + apiVersion + "\n", 1);
    }
    String group = parts.length == 2 ? parts[0] : "";
    String version = parts[parts.length - 1];
    String gvr = group + "/" + version + ", Resource=" + resource.plural();
    if (!DISCOVERY.serves(group, version)) {
      throw new KubectlException("error: couldn't find resource for \"" + gvr + "\"\n", 1);
    }
    Optional<ApiResource> served = DISCOVERY.resource(group, version, resource.plural());
    return served.orElseThrow(
        () -> new KubectlException("error: GVR (" + gvr + ") not found in OpenAPI schema\n", 1));
  }

  private static void plaintext(String format) {
    if (!format.equals("plaintext")) {
      throw new UnsupportedCommandException(
          "ksim: kubectl explain -o " + format + " is not simulated (ksim prints plaintext)");
    }
  }

  private static CommandResult error(String message) {
    return CommandResult.error("error: " + message, 1);
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new KubectlException("error: flag needs an argument: " + flag + "\n", 1);
    }
    return args.get(i);
  }
}
