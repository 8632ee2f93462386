package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.config.PodNetwork;
import dev.ksim.dns.server.OutsideWorld;
import dev.ksim.dns.wire.ZoneFileException;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.manifest.FieldValidation;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.net.Cidr;
import dev.ksim.sim.SimRandom;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every cluster subcommand shares: the manifests to apply, the seed, the images. */
public final class ClusterInput {
  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      description = "Manifests to apply at time zero (repeatable; - reads standard input).")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the simulation's random source (default: ${DEFAULT-VALUE}).")
  long seed = SimRandom.DEFAULT_SEED;

  @Option(
      names = "--validate",
      paramLabel = "strict|warn|ignore",
      description =
          "What to do with a field a manifest's kind does not have, as kubectl's --validate:"
              + " refuse the manifest (strict, the default), warn and apply it, or ignore it.")
  String validate = "strict";

  @Option(
      names = "--lb-pool",
      paramLabel = "CIDR",
      description =
          "Give the cluster a cloud load balancer with these addresses for LoadBalancer"
              + " Services, e.g. 192.168.80.240/29 (default: none, as on kubeadm: they stay"
              + " pending).")
  @Nullable String loadBalancerPool;

  @Option(
      names = "--pod-network",
      paramLabel = "host-gw|vxlan",
      description =
          "How nodes carry pod traffic to each other: routed as is (host-gw, the default) or"
              + " wrapped in VXLAN as flannel's default backend does.")
  String podNetwork = "host-gw";

  @Option(
      names = "--upstream-zone",
      paramLabel = "FILE",
      description =
          "A master (zone) file that replaces the bundled DNS world outside the cluster, which"
              + " CoreDNS forwards to and nodes resolve with.")
  @Nullable Path upstreamZone;

  @Option(
      names = "--images",
      paramLabel = "FILE",
      description =
          "An image catalogue file (repeatable): what images listen on and answer, before the"
              + " bundled catalogue's entries.")
  List<Path> images = new ArrayList<>();

  /** Reads the manifests, prints kubectl's warnings to {@code err}, and starts the cluster. */
  Cluster start(PrintStream err) {
    ClusterOptions options =
        ClusterOptions.DEFAULT
            .withSeed(seed)
            .withPodNetwork(
                switch (podNetwork) {
                  case "host-gw" -> PodNetwork.HOST_GW;
                  case "vxlan" -> PodNetwork.VXLAN;
                  default ->
                      throw KsimInputException.commandLine(
                          "--pod-network", "expected host-gw or vxlan, got " + podNetwork);
                });
    if (loadBalancerPool != null) {
      String text = loadBalancerPool;
      options =
          options.withLoadBalancerPool(
              Cidr.tryParse(text)
                  .orElseThrow(
                      () -> KsimInputException.commandLine("--lb-pool", "not a CIDR: " + text)));
    }
    ImageCatalogue catalogue = ImageCatalogue.bundled();
    for (Path file : images) {
      catalogue = catalogue.extendedWith(file.toString(), Flows.read(file));
    }
    options = options.withImages(catalogue);
    if (upstreamZone != null) {
      options = options.withOutsideWorld(outsideWorld(upstreamZone));
    }
    FieldValidation validation =
        FieldValidation.tryParse(validate)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        "--validate",
                        "expected strict, warn or ignore (or true, false), got " + validate));
    Manifests manifests = new ManifestLoader(System.in, validation).load(files);
    manifests.warnings().forEach(err::println);
    return Cluster.start(manifests, options);
  }

  private static OutsideWorld outsideWorld(Path file) {
    try {
      return OutsideWorld.parse(Flows.read(file));
    } catch (ZoneFileException e) {
      throw new KsimInputException(
          new SourceLocation(file.toString(), e.line(), null), String.valueOf(e.getMessage()));
    }
  }
}
