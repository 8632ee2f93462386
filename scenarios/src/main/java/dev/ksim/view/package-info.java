/**
 * Renderings of the simulated cluster in the real tools' formats: kubectl's tables (pkg/printers
 * column layouts), {@code kubectl describe}, and {@code -o yaml|json|name}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go">pkg/printers/internalversion/printers.go</a>
 */
@NullMarked
package dev.ksim.view;

import org.jspecify.annotations.NullMarked;
