package dev.ksim.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.QuietBounds;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventRecorderTest {
  private EventLoop loop;
  private ApiStore store;
  private Pod pod;

  @BeforeEach
  void setUp() {
    loop = new EventLoop(new SimClock());
    store = new ApiStore(loop, new SimRandom(1), Duration.ZERO, Duration.ZERO);
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    pod =
        store.create(
            ResourceType.POD,
            new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("nginx")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build());
  }

  @Test
  void writesACoreEventAboutTheObjectNamedAfterItAndTheTime() {
    new EventRecorder(store, "kubelet", "k8s-node01")
        .event(
            pod, "spec.containers{nginx}", EventType.NORMAL, "Started", "Started container nginx");

    Event event = store.list(ResourceType.EVENT, "default").get(0);
    assertThat(event.getMetadata().getName()).isEqualTo("web.18867251edfa0000");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
    assertThat(event.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{nginx}");
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getReason()).isEqualTo("Started");
    assertThat(event.getSource().getComponent()).isEqualTo("kubelet");
    assertThat(event.getSource().getHost()).isEqualTo("k8s-node01");
    assertThat(event.getCount()).isEqualTo(1);
    assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void foldsAnIdenticalEventIntoTheFirstWithACount() {
    EventRecorder recorder = new EventRecorder(store, "default-scheduler", "");
    recorder.event(pod, EventType.WARNING, "FailedScheduling", "0/3 nodes are available.");
    loop.advanceBy(Duration.ofSeconds(30), QuietBounds.DEFAULT);

    recorder.event(pod, EventType.WARNING, "FailedScheduling", "0/3 nodes are available.");

    assertThat(store.list(ResourceType.EVENT)).hasSize(1);
    Event event = store.list(ResourceType.EVENT).get(0);
    assertThat(event.getCount()).isEqualTo(2);
    assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(event.getLastTimestamp()).isEqualTo("2026-01-01T00:00:30Z");
  }

  @Test
  void keepsEventsWithDifferentMessagesApartEvenInTheSameInstant() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "k8s-node01");

    recorder.event(pod, EventType.NORMAL, "Created", "Created container: a");
    recorder.event(pod, EventType.NORMAL, "Created", "Created container: b");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(e -> e.getMetadata().getName())
        .containsExactly("web.18867251edfa0000", "web.18867251edfa0001");
  }

  @Test
  void namesAnEventInTheSameInstantAfterTheFirstFreeNanosecondEvenOneDeletedSince() {
    EventRecorder kubelet = new EventRecorder(store, "kubelet", "k8s-node01");
    EventRecorder scheduler = new EventRecorder(store, "default-scheduler", "");
    scheduler.event(pod, EventType.NORMAL, "Scheduled", "Successfully assigned default/web");
    kubelet.event(pod, EventType.NORMAL, "Pulled", "pulled");
    kubelet.event(pod, EventType.NORMAL, "Created", "created");
    store.remove(ObjectKey.of(ResourceType.EVENT, store.list(ResourceType.EVENT).get(1)));

    kubelet.event(pod, EventType.NORMAL, "Started", "started");
    kubelet.event(pod, EventType.NORMAL, "Killing", "killing");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(e -> e.getMetadata().getName(), Event::getReason)
        .containsExactly(
            tuple("web.18867251edfa0000", "Scheduled"),
            tuple("web.18867251edfa0001", "Started"),
            tuple("web.18867251edfa0002", "Created"),
            tuple("web.18867251edfa0003", "Killing"));
  }

  /**
   * A run of events about one object in one instant takes consecutive names; a name freed in the
   * middle of the run, or one taken by another recorder, is seen by the next event, as when every
   * event tried the names from the first nanosecond.
   */
  @Test
  void namesALongRunInOneInstantAsIfEachEventTriedFromTheFirstNanosecond() {
    EventRecorder kubelet = new EventRecorder(store, "kubelet", "k8s-node01");
    EventRecorder scheduler = new EventRecorder(store, "default-scheduler", "");
    for (int i = 0; i < 5; i++) {
      kubelet.event(pod, EventType.NORMAL, "Created", "created " + i);
    }
    store.remove(new ObjectKey(ResourceType.EVENT, "default", "web.18867251edfa0002"));
    kubelet.event(pod, EventType.NORMAL, "Created", "created 5");
    kubelet.event(pod, EventType.NORMAL, "Created", "created 6");
    scheduler.event(pod, EventType.NORMAL, "Scheduled", "scheduled");
    kubelet.event(pod, EventType.NORMAL, "Created", "created 0");
    kubelet.event(pod, EventType.NORMAL, "Created", "created 7");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(e -> e.getMetadata().getName(), Event::getMessage, Event::getCount)
        .containsExactly(
            tuple("web.18867251edfa0000", "created 0", 2),
            tuple("web.18867251edfa0001", "created 1", 1),
            tuple("web.18867251edfa0002", "created 5", 1),
            tuple("web.18867251edfa0003", "created 3", 1),
            tuple("web.18867251edfa0004", "created 4", 1),
            tuple("web.18867251edfa0005", "created 6", 1),
            tuple("web.18867251edfa0006", "scheduled", 1),
            tuple("web.18867251edfa0007", "created 7", 1));
  }

  @Test
  void putsEventsAboutClusterScopedObjectsInTheDefaultNamespace() {
    Node node =
        store.create(
            ResourceType.NODE,
            new NodeBuilder().withNewMetadata().withName("k8s-node01").endMetadata().build());

    new EventRecorder(store, "kubelet", "k8s-node01")
        .event(node, EventType.NORMAL, "Starting", "Starting kubelet.");

    assertThat(store.list(ResourceType.EVENT, "default")).hasSize(1);
  }

  @Test
  void deletesItsEventsOnceTheirLastWriteIsOlderThanTheTtl() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n", Duration.ofMinutes(10));
    recorder.event(pod, EventType.NORMAL, "Pulled", "old");
    loop.advanceBy(Duration.ofMinutes(11), QuietBounds.DEFAULT);

    recorder.event(pod, EventType.NORMAL, "Pulled", "new");

    assertThat(store.list(ResourceType.EVENT)).extracting(Event::getMessage).containsExactly("new");
  }

  /**
   * A write expires once its second plus the TTL is not after the current second: exactly the TTL
   * old it goes, a second younger it stays, and a TTL with a fraction of a second keeps it for the
   * second that fraction reaches into.
   */
  @Test
  void expiresAWriteFromTheSecondItsTtlEndsIn() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n", Duration.ofMinutes(10));
    EventRecorder fractional =
        new EventRecorder(store, "kubelet", "m", Duration.ofMinutes(10).plusMillis(500));
    recorder.event(pod, EventType.NORMAL, "Pulled", "exactly the TTL old");
    fractional.event(pod, EventType.NORMAL, "Pulled", "within the fraction");
    loop.advanceBy(Duration.ofSeconds(1), QuietBounds.DEFAULT);
    recorder.event(pod, EventType.NORMAL, "Pulled", "a second younger");
    loop.advanceBy(Duration.ofSeconds(599), QuietBounds.DEFAULT);

    recorder.event(pod, EventType.NORMAL, "Pulled", "now");
    fractional.event(pod, EventType.NORMAL, "Pulled", "now too");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(Event::getMessage)
        .containsExactlyInAnyOrder("within the fraction", "a second younger", "now", "now too");

    loop.advanceBy(Duration.ofSeconds(1), QuietBounds.DEFAULT);
    fractional.event(pod, EventType.NORMAL, "Pulled", "later");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(Event::getMessage)
        .doesNotContain("within the fraction");
  }

  @Test
  void keepsAnEventWhoseLastWriteIsWithinTheTtl() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n", Duration.ofMinutes(10));
    recorder.event(pod, EventType.WARNING, "BackOff", "Back-off restarting failed container");
    loop.advanceBy(Duration.ofMinutes(6), QuietBounds.DEFAULT);
    recorder.event(pod, EventType.WARNING, "BackOff", "Back-off restarting failed container");
    loop.advanceBy(Duration.ofMinutes(6), QuietBounds.DEFAULT);

    recorder.event(pod, EventType.NORMAL, "Pulled", "new");

    assertThat(store.list(ResourceType.EVENT))
        .extracting(Event::getMessage, Event::getCount)
        .containsExactly(tuple("Back-off restarting failed container", 2), tuple("new", 1));
  }

  @Test
  @Timeout(60) // 4,097 store writes, slow on a loaded machine before the JIT has compiled them
  void writesAnEventAgainOnceItsCorrelationIsForgotten() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n");
    recorder.event(pod, EventType.NORMAL, "Pulled", "first");
    for (int i = 0; i < EventRecorder.CORRELATIONS; i++) {
      Pod other =
          new PodBuilder()
              .withNewMetadata()
              .withName("p" + i)
              .withNamespace("default")
              .endMetadata()
              .build();
      recorder.event(other, EventType.NORMAL, "Pulled", "other");
    }

    recorder.event(pod, EventType.NORMAL, "Pulled", "first");

    assertThat(store.list(ResourceType.EVENT))
        .filteredOn(e -> e.getMessage().equals("first"))
        .extracting(Event::getCount)
        .containsExactly(1, 1);
  }

  /**
   * The correlations are forgotten least recently written first, not first written first: an event
   * written again outlives the ones written once since, and the one forgotten is the eldest of
   * those.
   */
  @Test
  @Timeout(60) // 4,098 store writes, slow on a loaded machine before the JIT has compiled them
  void forgetsTheLeastRecentlyWrittenCorrelation() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n");
    recorder.event(pod, EventType.NORMAL, "Pulled", "first");
    List<Pod> others = new ArrayList<>();
    for (int i = 0; i < EventRecorder.CORRELATIONS; i++) {
      others.add(
          new PodBuilder()
              .withNewMetadata()
              .withName("p" + i)
              .withNamespace("default")
              .endMetadata()
              .build());
    }
    for (Pod other : others.subList(0, EventRecorder.CORRELATIONS - 1)) {
      recorder.event(other, EventType.NORMAL, "Pulled", "other");
    }

    recorder.event(pod, EventType.NORMAL, "Pulled", "first");
    recorder.event(others.get(EventRecorder.CORRELATIONS - 1), EventType.NORMAL, "Pulled", "other");
    recorder.event(pod, EventType.NORMAL, "Pulled", "first");
    recorder.event(others.get(1), EventType.NORMAL, "Pulled", "other");
    recorder.event(others.get(0), EventType.NORMAL, "Pulled", "other");

    List<Event> events = store.list(ResourceType.EVENT);
    assertThat(events)
        .filteredOn(e -> e.getMessage().equals("first"))
        .extracting(Event::getCount)
        .containsExactly(3);
    assertThat(events)
        .filteredOn(e -> e.getInvolvedObject().getName().equals("p1"))
        .extracting(Event::getCount)
        .containsExactly(2);
    assertThat(events)
        .filteredOn(e -> e.getInvolvedObject().getName().equals("p0"))
        .extracting(Event::getCount)
        .containsExactly(1, 1);
  }

  @Test
  void sharesTheSourceAndTheInvolvedObjectOfConsecutiveEventsAboutOnePart() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n");
    recorder.event(pod, "spec.containers{nginx}", EventType.NORMAL, "Created", "Created");
    recorder.event(pod, "spec.containers{nginx}", EventType.NORMAL, "Started", "Started");
    recorder.event(pod, "spec.containers{other}", EventType.NORMAL, "Started", "Started");

    List<Event> events = store.list(ResourceType.EVENT);
    assertThat(events.get(1).getInvolvedObject()).isSameAs(events.get(0).getInvolvedObject());
    assertThat(events.get(2).getInvolvedObject().getFieldPath())
        .isEqualTo("spec.containers{other}");
    assertThat(events.get(2).getSource()).isSameAs(events.get(0).getSource());
  }

  /**
   * Events of one reason with equal messages (the kubelet's "Started container nginx" for every
   * pod) are stored holding one string, and read back as written, each with its own name, in the
   * order written; those of one second expire together once the TTL has passed.
   */
  @Test
  void storesEqualMessagesOnceAndReadsEveryEventBackAsWritten() {
    EventRecorder recorder = new EventRecorder(store, "kubelet", "n", Duration.ofMinutes(10));
    Pod other =
        new PodBuilder()
            .withNewMetadata()
            .withName("other")
            .withNamespace("default")
            .endMetadata()
            .build();
    String field = "spec.containers{nginx}";
    recorder.event(pod, field, EventType.NORMAL, "Started", started("nginx"));
    recorder.event(other, field, EventType.NORMAL, "Started", started("nginx"));
    recorder.event(other, field, EventType.NORMAL, "Pulled", started("nginx"));

    List<Event> events = store.list(ResourceType.EVENT);
    assertThat(events)
        .extracting(e -> e.getInvolvedObject().getName(), Event::getReason, Event::getMessage)
        .containsExactly(
            tuple("other", "Started", "Started container nginx"),
            tuple("other", "Pulled", "Started container nginx"),
            tuple("web", "Started", "Started container nginx"));
    assertThat(events.get(0).getMessage()).isSameAs(events.get(2).getMessage());
    assertThat(events.get(1).getMessage()).isNotSameAs(events.get(0).getMessage());

    loop.advanceBy(Duration.ofMinutes(11), QuietBounds.DEFAULT);
    recorder.event(pod, field, EventType.NORMAL, "Started", "Started container nginx");
    assertThat(store.list(ResourceType.EVENT)).hasSize(1);
  }

  /** A new string each call, as the kubelet builds its messages. */
  private static String started(String container) {
    return "Started container " + container;
  }

  @Test
  void writesTheWholeEventAsClientGoMakesIt() {
    new EventRecorder(store, "default-scheduler", "")
        .event(pod, EventType.NORMAL, "Scheduled", "Successfully assigned default/web to n1");

    Event stored = store.list(ResourceType.EVENT, "default").get(0);
    Event expected =
        new EventBuilder()
            .withNewMetadata()
            .withName("web.18867251edfa0000")
            .withNamespace("default")
            .withUid(stored.getMetadata().getUid())
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .withResourceVersion(stored.getMetadata().getResourceVersion())
            .withGeneration(1L)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("Pod")
                    .withNamespace("default")
                    .withName("web")
                    .withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion())
                    .build())
            .withReason("Scheduled")
            .withMessage("Successfully assigned default/web to n1")
            .withNewSource()
            .withComponent("default-scheduler")
            .endSource()
            .withFirstTimestamp("2026-01-01T00:00:00Z")
            .withLastTimestamp("2026-01-01T00:00:00Z")
            .withCount(1)
            .withType("Normal")
            .withReportingComponent("default-scheduler")
            .withReportingInstance("")
            .build();
    assertThat(stored).isEqualTo(expected);
  }
}
