package dev.ksim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.KubernetesJson;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * Start-up work that does not depend on the command line, begun on a second thread while the main
 * one builds the command tree and reads the manifests: Jackson's deserializers for the kinds
 * manifests hold (built once per type by introspecting fabric8's whole object graph, about a third
 * of a small command's CPU), the serializer a Deployment's pod-template hash uses, and the cluster
 * defaults with their image catalogue. The main thread finds them built, or waits for the one being
 * built (the JVM's class initialization and Jackson's caches are safe to share); nothing here
 * writes output or draws a random number, so the result is the same with or without it.
 */
final class StartupWarmUp {
  private static final List<Class<?>> MANIFEST_KINDS =
      List.of(Deployment.class, Service.class, EndpointSlice.class);

  private StartupWarmUp() {}

  /** Starts the warm-up on a daemon thread (it never keeps the JVM from exiting). */
  static void begin() {
    Thread thread = new Thread(StartupWarmUp::run, "ksim-startup-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      ObjectMapper json = KubernetesJson.JSON;
      for (Class<?> kind : MANIFEST_KINDS) {
        json.readerFor(kind);
      }
      json.writerFor(PodTemplateSpec.class);
      ClusterOptions.DEFAULT.images();
    } catch (RuntimeException e) {
      // the main thread builds the same things and reports what fails there, in its own words
    }
  }
}
