/**
 * The {@code ksim} command line (picocli): one class per subcommand, a shared way to read manifests
 * and start the cluster, and the mapping of input errors to exit status 2.
 */
@NullMarked
package dev.ksim.cli;

import org.jspecify.annotations.NullMarked;
