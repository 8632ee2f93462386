package dev.ksim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageCatalogueTest {
  private static final ImageCatalogue CATALOGUE = ImageCatalogue.bundled();
  private static final IpPort CLIENT = new IpPort(IpAddress.parse("10.244.1.1"), 40000);

  private static Pod pod(String image, List<String> args, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("app-1")
        .withNamespace("default")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .withArgs(args)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP("10.244.2.5")
        .endStatus()
        .build();
  }

  private static Pod pod(String image, String... args) {
    return pod(image, List.of(args), Map.of());
  }

  private static HttpResponse get(Pod pod, int port, String target) {
    return get(pod, port, target, Instant.parse("2026-01-01T00:00:05Z"));
  }

  private static HttpResponse get(Pod pod, int port, String target, Instant at) {
    HttpRequest request =
        new HttpRequest(
            "GET",
            target,
            List.of(new Header("Host", "web"), new Header("User-Agent", "curl/8.5.0")),
            CLIENT,
            new IpPort(IpAddress.parse("10.244.2.5"), port),
            at);
    ServerReply reply = CATALOGUE.answer(pod, request);
    assertThat(reply.response()).as(reply.curlError()).isNotNull();
    return Objects.requireNonNull(reply.response());
  }

  private static List<String> ports(Pod pod) {
    return CATALOGUE.ports(pod, pod.getSpec().getContainers().get(0)).stream()
        .map(ListeningPort::toString)
        .toList();
  }

  /**
   * Every port and protocol the pod's first container answers {@code listener} for, which finds
   * them without building {@code ports}' set: the two must agree.
   */
  private static List<String> listened(Pod pod) {
    String container = pod.getSpec().getContainers().get(0).getName();
    return IntStream.rangeClosed(1, 65535)
        .boxed()
        .flatMap(
            port ->
                Stream.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP)
                    .filter(p -> CATALOGUE.listener(pod, p, port).equals(Optional.of(container)))
                    .map(p -> new ListeningPort(port, p).toString()))
        .toList();
  }

  /** Each catalogue image: the ports it listens on (sources in images.yaml). */
  static Stream<Arguments> listeningPorts() {
    return Stream.of(
        Arguments.of("nginx", List.of(), List.of("80/TCP")),
        Arguments.of("docker.io/library/nginx:latest", List.of(), List.of("80/TCP")),
        Arguments.of("httpd:2.4", List.of(), List.of("80/TCP")),
        Arguments.of("busybox:1.36", List.of(), List.of()),
        Arguments.of("redis", List.of(), List.of("6379/TCP")),
        Arguments.of(
            "registry.cn-beijing.aliyuncs.com/dotbalo/redis:7.2.5", List.of(), List.of("6379/TCP")),
        Arguments.of("mongo:4.4", List.of(), List.of("27017/TCP")),
        Arguments.of("mysql:8", List.of(), List.of("3306/TCP", "33060/TCP")),
        Arguments.of("postgres:16", List.of(), List.of("5432/TCP")),
        Arguments.of("ikubernetes/myapp:v1", List.of(), List.of("80/TCP")),
        Arguments.of(
            "registry.k8s.io/e2e-test-images/agnhost:2.53",
            List.of("netexec"),
            List.of("8080/TCP", "8081/UDP")),
        Arguments.of(
            "registry.k8s.io/e2e-test-images/agnhost:2.53",
            List.of("netexec", "--http-port=9000"),
            List.of("8081/UDP", "9000/TCP")),
        Arguments.of("registry.k8s.io/e2e-test-images/agnhost:2.53", List.of(), List.of()),
        Arguments.of("traefik/whoami", List.of(), List.of("80/TCP")),
        Arguments.of("hashicorp/http-echo", List.of("-text=hi"), List.of("5678/TCP")),
        Arguments.of("hashicorp/http-echo", List.of("-listen=:8080"), List.of("8080/TCP")),
        Arguments.of("registry.k8s.io/echoserver:1.10", List.of(), List.of("8080/TCP")),
        Arguments.of("nginxdemos/hello", List.of(), List.of("80/TCP")),
        Arguments.of(
            "ccr.ccs.tencentyun.com/k8s-tutorial/test-k8s:v1", List.of(), List.of("8080/TCP")),
        Arguments.of(
            "registry.k8s.io/coredns/coredns:v1.12.1",
            List.of(),
            List.of("53/TCP", "53/UDP", "8080/TCP", "8181/TCP", "9153/TCP")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("listeningPorts")
  void imageListensOnItsCataloguePorts(String image, List<String> args, List<String> expected) {
    Pod pod = pod(image, args, Map.of());

    assertThat(ports(pod)).isEqualTo(expected);
    assertThat(listened(pod)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Each catalogue image's answer on its port (texts from images.yaml's cited sources). */
  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(pod("nginx:1.27"), 80, "/", "<h1>Welcome to nginx!</h1>"),
        Arguments.of(pod("httpd"), 80, "/", "<html><body><h1>It works!</h1></body></html>\n"),
        Arguments.of(
            pod("ikubernetes/myapp:v1"),
            80,
            "/",
            "Hello MyApp | Version: v1 | <a href=\"hostname.html\">Pod Name</a>\n"),
        Arguments.of(
            pod("ikubernetes/myapp:v2"),
            80,
            "/",
            "Hello MyApp | Version: v2 | <a href=\"hostname.html\">Pod Name</a>\n"),
        Arguments.of(pod("ikubernetes/myapp:v1"), 80, "/hostname.html", "app-1\n"),
        Arguments.of(
            pod("registry.k8s.io/e2e-test-images/agnhost:2.53", "netexec"),
            8080,
            "/hostname",
            "app-1"),
        Arguments.of(
            pod("registry.k8s.io/e2e-test-images/agnhost:2.53", "netexec"),
            8080,
            "/clientip",
            "10.244.1.1:40000"),
        Arguments.of(
            pod("registry.k8s.io/e2e-test-images/agnhost:2.53", "netexec"),
            8080,
            "/echo?msg=hello%20world",
            "hello world"),
        Arguments.of(
            pod("traefik/whoami"),
            80,
            "/",
            "Hostname: app-1\nIP: 127.0.0.1\nIP: ::1\nIP: 10.244.2.5\nRemoteAddr:"
                + " 10.244.1.1:40000\nGET / HTTP/1.1\nHost: web\nUser-Agent: curl/8.5.0\n\n"),
        Arguments.of(pod("hashicorp/http-echo", "-text", "hi there"), 5678, "/", "hi there\n"),
        Arguments.of(
            pod("registry.k8s.io/echoserver:1.10"), 8080, "/", "\tclient_address=10.244.1.1\n"),
        Arguments.of(
            pod("nginxdemos/hello:plain-text"),
            80,
            "/",
            "Server address: 10.244.2.5:80\nServer name: app-1\n"),
        Arguments.of(
            pod("mongo:7"),
            27017,
            "/",
            "It looks like you are trying to access MongoDB over HTTP on the native driver port.\n"),
        Arguments.of(
            pod("ccr.ccs.tencentyun.com/k8s-tutorial/test-k8s:v1"),
            8080,
            "/hello/easydoc",
            "hello easydoc \n\nIP lo10.244.2.5, hostname: app-1"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("answers")
  void imageAnswersItsPage(Pod pod, int port, String path, String expected) {
    assertThat(get(pod, port, path).body()).contains(expected);
  }

  @Test
  void nginxAnswersAnUnknownPathWithItsNotFoundPage() {
    HttpResponse response = get(pod("nginx"), 80, "/nope");

    assertThat(response.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
    assertThat(response.body()).contains("<hr><center>nginx</center>");
  }

  @Test
  void headersCarryTheBodyLengthAndTheSimulatedDate() {
    HttpResponse response = get(pod("httpd"), 80, "/");

    assertThat(response.headers())
        .contains(
            new Header("Content-Length", "45"),
            new Header("Date", "Thu, 01 Jan 2026 00:00:05 GMT"));
  }

  /**
   * The date of an answer is its own request's, whole seconds: requests within one second share the
   * text written for the first of them, a later or an earlier second gets its own.
   */
  @Test
  void eachAnswerCarriesTheDateOfItsOwnSecond() {
    Instant start = Instant.parse("2026-01-01T00:00:05.250Z");
    List<Instant> times =
        List.of(
            start,
            start.plusMillis(700),
            start.plusMillis(800),
            start.minusSeconds(3600),
            start.plusSeconds(86_400));

    assertThat(times.stream().map(at -> dateOf(get(pod("httpd"), 80, "/", at))))
        .containsExactly(
            "Thu, 01 Jan 2026 00:00:05 GMT",
            "Thu, 01 Jan 2026 00:00:05 GMT",
            "Thu, 01 Jan 2026 00:00:06 GMT",
            "Wed, 31 Dec 2025 23:00:05 GMT",
            "Fri, 02 Jan 2026 00:00:05 GMT");
  }

  private static String dateOf(HttpResponse response) {
    return response.headers().stream()
        .filter(h -> h.name().equals("Date"))
        .map(Header::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void databasesThatDoNotSpeakHttpFailAsCurlReportsIt() {
    HttpRequest request =
        new HttpRequest(
            "GET",
            "/",
            List.of(),
            CLIENT,
            new IpPort(IpAddress.parse("10.244.2.5"), 6379),
            Instant.EPOCH);

    assertThat(CATALOGUE.answer(pod("redis:7"), request).curlError())
        .isEqualTo("curl: (1) Received HTTP/0.9 when not allowed");
  }

  @Test
  void anUnknownImageListensOnItsDeclaredPortsOnlyAndAnswersTheDefaultLine() {
    Pod pod = pod("example.com/team/app:1");
    pod.getSpec()
        .getContainers()
        .get(0)
        .setPorts(List.of(new ContainerPortBuilder().withContainerPort(9000).build()));

    assertThat(ports(pod)).containsExactly("9000/TCP");
    assertThat(listened(pod)).containsExactly("9000/TCP");
    assertThat(CATALOGUE.listener(pod, Protocol.TCP, 80)).isEmpty();
    assertThat(get(pod, 9000, "/").body()).isEqualTo("Hostname: app-1 IP: 10.244.2.5\n");
    assertThat(CATALOGUE.refusalHint(pod))
        .hasValueSatisfying(
            h -> assertThat(h).contains("ksim.dev/listen", "ksim.dev/response", "--images"));
  }

  @Test
  void aKnownImageNeedsNoHint() {
    assertThat(CATALOGUE.refusalHint(pod("nginx"))).isEmpty();
  }

  @Test
  void podAnnotationsAddPortsAndTheAnswer() {
    Pod pod =
        pod(
            "example.com/team/app:1",
            List.of(),
            Map.of("ksim.dev/listen", "8080, 9000/UDP", "ksim.dev/response", "pong\n"));

    assertThat(ports(pod)).containsExactly("8080/TCP", "9000/UDP");
    assertThat(listened(pod)).containsExactly("8080/TCP", "9000/UDP");
    assertThat(get(pod, 8080, "/").body()).isEqualTo("pong\n");
  }

  @Test
  void aUserCatalogueOverridesTheBundledEntry() {
    ImageCatalogue extended =
        CATALOGUE.extendedWith(
            "mine.yaml",
            """
            images:
              - image: nginx
                listen: [8080]
                http:
                  "*": {body: "custom\\n"}
            """);

    Pod pod = pod("nginx:1.27");

    assertThat(extended.ports(pod, pod.getSpec().getContainers().get(0)))
        .containsExactly(new ListeningPort(8080, Protocol.TCP));
  }

  @Test
  void aBadCatalogueNamesFileLineAndField() {
    assertThatThrownBy(
            () ->
                CATALOGUE.extendedWith(
                    "mine.yaml",
                    """
                    images:
                      - image: app
                        listen: [80, http]
                    """))
        .isInstanceOfSatisfying(
            KsimInputException.class,
            e -> assertThat(e.describe()).startsWith("mine.yaml:3: images[0].listen[1]: expected"));
  }

  @Test
  void anUnknownPlaceholderIsRefused() {
    assertThatThrownBy(
            () ->
                CATALOGUE.extendedWith(
                    "mine.yaml",
                    """
                    images:
                      - image: app
                        http:
                          /: {body: "{{nope}}"}
                    """))
        .isInstanceOf(KsimInputException.class)
        .hasMessageContaining("unknown placeholder {{nope}}");
  }
}
