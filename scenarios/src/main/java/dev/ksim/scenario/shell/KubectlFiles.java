package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.manifest.ObjectManifest;
import dev.ksim.view.CommandResult;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's {@code -f FILE} (a file or a folder of manifests, relative to the shell's working
 * folder): {@code apply -f} creates or updates every object ({@code created}, {@code configured}),
 * {@code create -f} only creates, {@code delete -f} deletes them. The manifests are checked as
 * {@code ksim -f} checks them; a bad one changes nothing.
 */
final class KubectlFiles {
  private final Cluster cluster;
  private final Path workingDirectory;

  KubectlFiles(Cluster cluster, Path workingDirectory) {
    this.cluster = cluster;
    this.workingDirectory = workingDirectory;
  }

  /** {@code apply -f FILE...}. */
  CommandResult apply(List<String> args) {
    KubectlFlags f =
        KubectlFlags.parse(
            args,
            KubectlWrites.set(
                "filename", "recursive", "validate", "server-side", "force-conflicts"),
            KubectlWrites.usage("apply"));
    if (f.value("filename").isEmpty()) {
      throw new KubectlException("error: must specify one of -f and -k\n", 1);
    }
    Manifests manifests = read(f);
    StringBuilder out = new StringBuilder();
    for (ObjectManifest m : manifests.objects()) {
      boolean exists = cluster.store().get(ObjectKey.of(m.type(), m.object())).isPresent();
      out.append(m.type().qualifiedName())
          .append('/')
          .append(m.object().getMetadata().getName())
          .append(exists ? " configured\n" : " created\n");
    }
    if (!f.dryRun()) {
      applyNow(manifests);
    }
    String said = out.toString();
    return CommandResult.ok(f.dryRun() ? said.replace("\n", " (dry run)\n") : said);
  }

  /** {@code create -f FILE...}: an object that exists already is an error. */
  CommandResult create(KubectlFlags f) {
    Manifests manifests = read(f);
    StringBuilder out = new StringBuilder();
    for (ObjectManifest m : manifests.objects()) {
      if (cluster.store().get(ObjectKey.of(m.type(), m.object())).isPresent()) {
        throw new KubectlException(
            "Error from server (AlreadyExists): error when creating \""
                + m.document().file()
                + "\": "
                + KubectlWrites.resource(m.type())
                + " \""
                + m.object().getMetadata().getName()
                + "\" already exists\n",
            1);
      }
      out.append(m.type().qualifiedName())
          .append('/')
          .append(m.object().getMetadata().getName())
          .append(" created\n");
    }
    applyNow(manifests);
    return CommandResult.ok(out.toString());
  }

  private void applyNow(Manifests manifests) {
    try {
      cluster.applyNow(manifests);
    } catch (KsimInputException e) {
      throw new KubectlException("error: " + e.describe() + "\n", 1);
    }
  }

  /** The objects {@code -f} names, for delete. */
  List<ObjectKey> keys(KubectlFlags f) {
    List<ObjectKey> keys = new ArrayList<>();
    for (ObjectManifest m : read(f).objects()) {
      keys.add(ObjectKey.of(m.type(), m.object()));
    }
    return keys;
  }

  /** A file's text, relative to the working folder (iptables-restore FILE). */
  String read(String name) {
    try {
      return java.nio.file.Files.readString(
          workingDirectory.resolve(name), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new UnsupportedCommandException("ksim: cannot read " + name + ": " + e.getMessage());
    }
  }

  private Manifests read(KubectlFlags f) {
    List<String> paths = new ArrayList<>();
    for (String name : f.values().get("filename")) {
      if (name.startsWith("http://") || name.startsWith("https://")) {
        throw new UnsupportedCommandException(
            "ksim: kubectl -f " + name + ": ksim reads manifests from files, not from the web");
      }
      paths.add(name.equals("-") ? name : workingDirectory.resolve(name).toString());
    }
    try {
      return new ManifestLoader(InputStream.nullInputStream()).load(paths);
    } catch (KsimInputException e) {
      throw new KubectlException("error: " + e.describe() + "\n", 1);
    }
  }
}
