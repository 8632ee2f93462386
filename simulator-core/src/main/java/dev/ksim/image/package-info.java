/**
 * The image catalogue: what the container images a cluster commonly runs do once started — the
 * ports they listen on, what they answer to an HTTP request, the values their databases hold and
 * the lines they log. It is data (a bundled YAML file a user extends with {@code --images FILE}),
 * read here into profiles that the kubelet's probes, the data path's sockets and the clients in the
 * shell ask. A container whose image the catalogue does not know listens on its declared
 * containerPorts only, as a real one whose ports ksim cannot guess.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking">Pod
 *     networking</a>
 */
@NullMarked
package dev.ksim.image;

import org.jspecify.annotations.NullMarked;
