/**
 * Errors in what a user gives ksim (manifests, scenarios, saved rulesets, Corefiles): one base
 * exception that carries where the problem is, so the command line can print {@code file:line:
 * field: message} and exit with status 2 whatever the input kind.
 */
@NullMarked
package dev.ksim.input;

import org.jspecify.annotations.NullMarked;
