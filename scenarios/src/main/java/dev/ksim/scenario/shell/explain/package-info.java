/**
 * {@code kubectl explain}: the documentation of a resource's fields, as kubectl v1.34 prints it
 * from the API server's OpenAPI v3 schema (its explain v2 plaintext template). The schema is read
 * as data from the model classes of the Kubernetes Java client for the same release
 * (io.kubernetes:client-java-api 25.0.0, Apache-2.0): field names from their serialized names,
 * descriptions and required fields from their swagger annotations; the resource names kubectl
 * resolves come from the cluster's discovery table in {@code api-resources.txt}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/kubectl/pkg/explain/v2">kubectl
 *     explain v2</a>
 */
@NullMarked
package dev.ksim.scenario.shell.explain;

import org.jspecify.annotations.NullMarked;
