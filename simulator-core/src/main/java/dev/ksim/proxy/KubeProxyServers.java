package dev.ksim.proxy;

import dev.ksim.image.Header;
import dev.ksim.image.HttpResponse;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * kube-proxy's two HTTP servers on its node: the metrics server on {@code metricsBindAddress}
 * (default 127.0.0.1:10249: {@code /proxyMode} answers the running mode, {@code /metrics} the
 * {@link ProxyMetrics}) and the health server on {@code healthzBindAddress} (default 0.0.0.0:10256:
 * {@code /healthz} and {@code /livez}, JSON with {@code lastUpdated} and {@code currentTime}, 200
 * while the proxier keeps up and 503 when a queued update has waited longer than twice the sync
 * period, or, for {@code /healthz}, when the node is being deleted). An unspecified bind address
 * (0.0.0.0, ::) is Go's dual-stack wildcard socket and takes every local address.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server.go">cmd/kube-proxy/app/server.go
 *     (serveMetrics, proxyMode handler)</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/healthcheck/proxy_health.go">pkg/proxy/healthcheck/proxy_health.go</a>
 */
public final class KubeProxyServers {
  /** Go's {@code time.Time.String()} layout up to the seconds. */
  private static final DateTimeFormatter GO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** What the health server reads of its kube-proxy. */
  interface Health {
    /** When the process started (Go's monotonic clock reading counts from there). */
    Instant started();

    /** When the last sync ended, null before the first. */
    @Nullable Instant lastUpdated();

    /** Whether no queued update has waited longer than the health timeout. */
    boolean isHealthy(Instant now);

    /** Whether the node is neither deleted nor tainted ToBeDeletedByClusterAutoscaler. */
    boolean isNodeEligible();
  }

  private final KubeProxyConfiguration config;
  private final ProxyMetrics metrics;
  private final Health health;

  KubeProxyServers(KubeProxyConfiguration config, ProxyMetrics metrics, Health health) {
    this.config = config;
    this.metrics = metrics;
    this.health = health;
  }

  /** The sockets kube-proxy listens on: the metrics server's, then the health server's. */
  public List<IpPort> bindAddresses() {
    return List.of(config.metricsBindAddress(), config.healthzBindAddress());
  }

  /** Which server listens at {@code address}:{@code port} (TCP), if one does. */
  public Optional<String> listener(IpAddress address, int port) {
    if (binds(config.metricsBindAddress(), address, port)) {
      return Optional.of("kube-proxy metrics");
    }
    if (binds(config.healthzBindAddress(), address, port)) {
      return Optional.of("kube-proxy healthz");
    }
    return Optional.empty();
  }

  private static boolean binds(IpPort bind, IpAddress address, int port) {
    return bind.port() == port && (isUnspecified(bind.ip()) || bind.ip().equals(address));
  }

  /** 0.0.0.0 or ::, which Go listens on as one dual-stack wildcard socket. */
  private static boolean isUnspecified(IpAddress address) {
    return address.high() == 0 && address.low() == 0;
  }

  /**
   * What the server at {@code address}:{@code port} answers a GET of {@code path} at {@code now};
   * empty when no server of kube-proxy listens there.
   */
  public Optional<HttpResponse> serve(IpAddress address, int port, String path, Instant now) {
    String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (binds(config.metricsBindAddress(), address, port)) {
      return Optional.of(
          switch (route) {
            case "/proxyMode" -> text(200, config.mode().token());
            case "/metrics" ->
                response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
            case "/healthz" -> text(200, "ok");
            default -> text(404, "404 page not found\n");
          });
    }
    if (binds(config.healthzBindAddress(), address, port)) {
      return Optional.of(
          switch (route) {
            case "/healthz" -> healthz(now, true);
            case "/livez" -> healthz(now, false);
            default -> text(404, "404 page not found\n");
          });
    }
    return Optional.empty();
  }

  /** {@code /healthz} (with the node's eligibility) or {@code /livez}. */
  private HttpResponse healthz(Instant now, boolean withNode) {
    boolean healthy = health.isHealthy(now) && (!withNode || health.isNodeEligible());
    Instant updated = healthy ? now : health.lastUpdated();
    int status = healthy ? 200 : 503;
    if (withNode) {
      metrics.healthzAnswered(status);
    }
    String body =
        "{\"lastUpdated\": \""
            + goTime(updated)
            + "\",\"currentTime\": \""
            + goTime(now)
            + "\""
            + (withNode ? ", \"nodeEligible\": " + health.isNodeEligible() : "")
            + "}";
    return response(status, "application/json", body);
  }

  /**
   * {@code at} as Go's {@code time.Time.String()} prints a clock reading: UTC, the fraction without
   * trailing zeros (the simulated clock counts milliseconds), and the monotonic reading ({@code
   * m=+12.345000000}, seconds since the process started); Go's zero time when {@code at} is null.
   */
  private String goTime(@Nullable Instant at) {
    if (at == null) {
      return "0001-01-01 00:00:00 +0000 UTC";
    }
    long millisOfSecond = Math.floorMod(at.toEpochMilli(), 1000L);
    String fraction =
        millisOfSecond == 0
            ? ""
            : String.format(Locale.ROOT, ".%03d", millisOfSecond).replaceAll("0+$", "");
    long sinceStart = at.toEpochMilli() - health.started().toEpochMilli();
    return GO_SECONDS.format(at)
        + fraction
        + " +0000 UTC m=+"
        + sinceStart / 1000
        + "."
        + String.format(Locale.ROOT, "%09d", (sinceStart % 1000) * 1_000_000);
  }

  private static HttpResponse text(int status, String body) {
    return response(status, "text/plain; charset=utf-8", body);
  }

  private static HttpResponse response(int status, String contentType, String body) {
    return new HttpResponse(
        status,
        HttpResponse.reasonPhrase(status),
        List.of(
            new Header("Content-Type", contentType),
            new Header("X-Content-Type-Options", "nosniff")),
        body);
  }
}
