package dev.ksim.image;

import com.google.common.collect.ImmutableList;
import com.google.common.io.Resources;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The images ksim knows: the bundled catalogue ({@code dev/ksim/image/images.yaml}) and any the
 * user adds with {@code --images FILE} (whose entries come first, so they override). It answers the
 * two questions the cluster asks of a running container: which ports does it listen on, and what
 * does it answer to a request. A pod's annotations add to both: {@code ksim.dev/listen} (ports,
 * {@code 8080,9000/UDP}) and {@code ksim.dev/response} (the body of every HTTP answer).
 */
public final class ImageCatalogue {
  /** A pod annotation: more ports its first container listens on, {@code PORT[/PROTOCOL],...}. */
  public static final String LISTEN_ANNOTATION = "ksim.dev/listen";

  /** A pod annotation: the body the pod answers every HTTP request with. */
  public static final String RESPONSE_ANNOTATION = "ksim.dev/response";

  /** The line ksim answers for a container whose image the catalogue does not describe. */
  static final String DEFAULT_ANSWER = "Hostname: {{hostname}} IP: {{serverIP}}\n";

  private static final String BUNDLED = "dev/ksim/image/images.yaml";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * The last date written: the requests of one second share it, and formatting it is slow next to
   * the rest of an answer (a run of requests is about a hundred a second of simulated time).
   */
  private static final AtomicReference<HttpDate> LAST_DATE =
      new AtomicReference<>(new HttpDate(Long.MIN_VALUE, ""));

  private static final ImageCatalogue BUNDLED_CATALOGUE =
      new ImageCatalogue(CatalogueReader.read(BUNDLED, bundledText()));

  private final ImmutableList<ImageProfile> profiles;

  /** Each image's profile once found (the catalogue is built on one thread and used on another). */
  private final Map<ImageKey, Optional<ImageProfile>> profileByImage = new ConcurrentHashMap<>();

  ImageCatalogue(List<ImageProfile> profiles) {
    this.profiles = ImmutableList.copyOf(profiles);
  }

  /** The catalogue ksim ships. */
  public static ImageCatalogue bundled() {
    return BUNDLED_CATALOGUE;
  }

  /**
   * This catalogue with the images of {@code text} (read from {@code file}) put before its own.
   *
   * @throws dev.ksim.input.KsimInputException when the file is not a catalogue, naming the line
   */
  public ImageCatalogue extendedWith(String file, String text) {
    List<ImageProfile> all = new ArrayList<>(CatalogueReader.read(file, text));
    all.addAll(profiles);
    return new ImageCatalogue(all);
  }

  /**
   * The profile describing {@code container}'s image, if the catalogue has one: found once per
   * image and command line (every connection to a pod asks what its containers listen on).
   */
  public Optional<ImageProfile> profile(Container container) {
    return profileByImage.computeIfAbsent(
        new ImageKey(String.valueOf(container.getImage()), ImageProfile.words(container)),
        key -> {
          ImageReference reference = ImageReference.parse(key.image());
          return profiles.stream().filter(p -> p.describes(reference, key.words())).findFirst();
        });
  }

  /** What a container's profile is found by: its image and its command and arguments. */
  private record ImageKey(String image, List<String> words) {}

  /**
   * The ports {@code container} of {@code pod} listens on: its declared containerPorts, its image's
   * and, for the first container, the pod's {@value #LISTEN_ANNOTATION} annotation.
   */
  public NavigableSet<ListeningPort> ports(Pod pod, Container container) {
    NavigableSet<ListeningPort> ports = new TreeSet<>();
    for (ContainerPort declared : container.getPorts()) {
      String protocol = declared.getProtocol() == null ? "TCP" : declared.getProtocol();
      if (declared.getContainerPort() != null) {
        ListeningPort.of(declared.getContainerPort(), protocol).ifPresent(ports::add);
      }
    }
    profile(container).ifPresent(p -> ports.addAll(p.ports(container)));
    List<Container> containers = pod.getSpec().getContainers();
    if (!containers.isEmpty() && containers.get(0).getName().equals(container.getName())) {
      ports.addAll(annotatedPorts(pod));
    }
    return ports;
  }

  /** The container of {@code pod} listening on {@code protocol}/{@code port}, if any. */
  public Optional<String> listener(Pod pod, Protocol protocol, int port) {
    if (port < 1 || port > 65535 || !protocol.hasPorts()) {
      return Optional.empty();
    }
    ListeningPort wanted = new ListeningPort(port, protocol);
    for (Container container : pod.getSpec().getContainers()) {
      if (listens(pod, container, wanted)) {
        return Optional.of(container.getName());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code wanted} is one of {@link #ports}, found without building the set: every packet
   * delivered to a pod asks which of its containers listens on its port.
   */
  private boolean listens(Pod pod, Container container, ListeningPort wanted) {
    for (ContainerPort declared : container.getPorts()) {
      Integer number = declared.getContainerPort();
      if (number != null && number == wanted.port()) {
        String protocol = declared.getProtocol() == null ? "TCP" : declared.getProtocol();
        if (ListeningPort.of(number, protocol).filter(wanted::equals).isPresent()) {
          return true;
        }
      }
    }
    if (profile(container).filter(p -> p.ports(container).contains(wanted)).isPresent()) {
      return true;
    }
    List<Container> containers = pod.getSpec().getContainers();
    return !containers.isEmpty()
        && containers.get(0).getName().equals(container.getName())
        && annotatedPorts(pod).contains(wanted);
  }

  /**
   * What {@code pod} answers to {@code request}, which reached a port one of its containers listens
   * on: the pod's {@value #RESPONSE_ANNOTATION}, else the container's image's answer for the path
   * on the image's own ports, else ksim's default line ({@code Hostname: POD IP: ADDRESS}).
   */
  public ServerReply answer(Pod pod, HttpRequest request) {
    int port = request.server().port();
    Optional<Container> container =
        pod.getSpec().getContainers().stream()
            .filter(c -> listens(pod, c, new ListeningPort(port, Protocol.TCP)))
            .findFirst();
    Optional<ImageProfile> profile = container.flatMap(this::profile);
    String annotated = annotation(pod, RESPONSE_ANNOTATION);
    if (!annotated.isEmpty()) {
      return ServerReply.of(render(pod, container, "", "", request, plain(annotated)));
    }
    boolean imagePort =
        profile.isPresent()
            && container.isPresent()
            && profile.get().ports(container.get()).contains(new ListeningPort(port, Protocol.TCP));
    if (!imagePort) {
      return ServerReply.of(render(pod, container, "", "", request, plain(DEFAULT_ANSWER)));
    }
    ImageProfile image = profile.get();
    Optional<String> route = image.routeFor(request.path());
    if (route.isPresent()) {
      String tag = ImageReference.parse(String.valueOf(container.get().getImage())).tag();
      String key = route.get();
      String rest = key.length() > 1 ? request.path().substring(key.length() - 1) : "";
      return ServerReply.of(
          render(
              pod, container, tag, rest, request, Objects.requireNonNull(image.http().get(key))));
    }
    String notHttp = image.notHttp();
    if (notHttp != null) {
      return ServerReply.notHttp(notHttp);
    }
    return ServerReply.of(render(pod, container, "", "", request, plain(DEFAULT_ANSWER)));
  }

  /**
   * The container of {@code pod} that listens on TCP {@code port} and its image's profile, when the
   * catalogue describes that image and the port is one of the image's own (a database client's
   * question: what speaks on this port?).
   */
  public Optional<ServingContainer> servingContainer(Pod pod, int port) {
    ListeningPort tcp = new ListeningPort(port, Protocol.TCP);
    for (Container container : pod.getSpec().getContainers()) {
      if (!listens(pod, container, tcp)) {
        continue;
      }
      Optional<ImageProfile> profile = profile(container);
      return Optional.of(
          new ServingContainer(
              container, profile.filter(p -> p.ports(container).contains(tcp)).orElse(null)));
    }
    return Optional.empty();
  }

  /**
   * A container listening on a port and what runs in it.
   *
   * @param container the container
   * @param profile its image's profile when the port is one the image opens, else null (ksim's
   *     default HTTP answer serves it)
   */
  public record ServingContainer(Container container, @Nullable ImageProfile profile) {}

  /**
   * A hint for a connection {@code pod} refused when the catalogue does not know one of its images:
   * such a container listens only on its declared containerPorts.
   */
  public Optional<String> refusalHint(Pod pod) {
    List<String> unknown =
        pod.getSpec().getContainers().stream()
            .filter(c -> profile(c).isEmpty())
            .map(Container::getImage)
            .toList();
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "ksim: pod "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " runs "
            + String.join(", ", unknown)
            + ", which ksim's image catalogue does not describe, so it listens only on its"
            + " declared containerPorts; say what it listens on and answers with the pod"
            + " annotations "
            + LISTEN_ANNOTATION
            + " (e.g. \"8080,9000/UDP\") and "
            + RESPONSE_ANNOTATION
            + ", or describe the image in a file given with --images FILE");
  }

  private static HttpAnswer plain(String body) {
    return new HttpAnswer(
        200,
        List.of(
            new Header("Content-Type", "text/plain; charset=utf-8"),
            new Header("Date", "{{date}}"),
            new Header("Content-Length", "{{length}}")),
        body);
  }

  private static HttpResponse render(
      Pod pod,
      Optional<Container> container,
      String tag,
      String rest,
      HttpRequest request,
      HttpAnswer answer) {
    Placeholders values = new Placeholders(pod, container, tag, rest, request);
    String body = Template.render(answer.body(), values);
    values.length = Integer.toString(body.getBytes(StandardCharsets.UTF_8).length);
    List<Header> headers = new ArrayList<>(answer.headers().size());
    for (Header h : answer.headers()) {
      headers.add(new Header(h.name(), Template.render(h.value(), values)));
    }
    return new HttpResponse(
        answer.status(), HttpResponse.reasonPhrase(answer.status()), headers, body);
  }

  /**
   * The value of each placeholder for one request, computed only for the placeholders a text has
   * (most answers name a few of them); {@code length} is known once the body is rendered.
   */
  private static final class Placeholders implements Function<String, String> {
    private final Pod pod;
    private final Optional<Container> container;
    private final String tag;
    private final String rest;
    private final HttpRequest request;
    private @Nullable String length;

    Placeholders(
        Pod pod, Optional<Container> container, String tag, String rest, HttpRequest request) {
      this.pod = pod;
      this.container = container;
      this.tag = tag;
      this.rest = rest;
      this.request = request;
    }

    @Override
    public String apply(String name) {
      return switch (name) {
        case "hostname" -> hostname(pod);
        case "podIP" -> PodUtil.podIp(pod);
        case "clientIP" -> request.client().ip().toString();
        case "clientPort" -> Integer.toString(request.client().port());
        case "serverIP" -> request.server().ip().toString();
        case "serverPort" -> Integer.toString(request.server().port());
        case "method" -> request.method();
        case "uri" -> request.target();
        case "path" -> request.path();
        case "host" -> request.header("Host");
        case "date" -> httpDate(request.at());
        case "tag" -> tag;
        case "rest" -> rest;
        case "headers" ->
            request.headers().stream().map(h -> h + "\n").collect(Collectors.joining());
        case "length" -> length != null ? length : "";
        default -> prefixed(name);
      };
    }

    private String prefixed(String name) {
      if (name.startsWith("header.")) {
        return request.header(name.substring("header.".length()));
      }
      if (name.startsWith("query.")) {
        return request.query(name.substring("query.".length()));
      }
      if (name.startsWith("arg.") && container.isPresent()) {
        return ImageProfile.argument(container.get(), name.substring("arg.".length())).orElse("");
      }
      return "";
    }
  }

  /** {@code at} as an HTTP date (whole seconds). */
  private static String httpDate(Instant at) {
    HttpDate last = LAST_DATE.get();
    if (last != null && last.second() == at.getEpochSecond()) {
      return last.text();
    }
    HttpDate now = new HttpDate(at.getEpochSecond(), HTTP_DATE.format(at));
    LAST_DATE.set(now);
    return now.text();
  }

  /** An HTTP date and the second it writes. */
  private record HttpDate(long second, String text) {}

  /** The pod's host name: its name, or the node's for a host-network pod. */
  private static String hostname(Pod pod) {
    return Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
        ? PodUtil.nodeName(pod)
        : pod.getMetadata().getName();
  }

  private static List<ListeningPort> annotatedPorts(Pod pod) {
    List<ListeningPort> ports = new ArrayList<>();
    for (String part : annotation(pod, LISTEN_ANNOTATION).split(",", -1)) {
      if (!part.isBlank()) {
        ListeningPort.tryParse(part).ifPresent(ports::add);
      }
    }
    return ports;
  }

  private static String annotation(Pod pod, String name) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault(name, "");
  }

  private static String bundledText() {
    try {
      return Resources.toString(
          Resources.getResource(ImageCatalogue.class, "/" + BUNDLED), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
