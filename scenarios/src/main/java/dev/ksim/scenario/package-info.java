/**
 * Scenarios: tutorials made runnable. A scenario file (YAML, described by scenario.schema.json)
 * holds a cluster, a seed and steps (apply, delete, scale, patch, edit, restart, wait, run, trace,
 * say), each optionally with expectations; the runner replays it on one simulated cluster, prints
 * it as a terminal session with the narration between commands, and checks every expectation.
 */
@NullMarked
package dev.ksim.scenario;

import org.jspecify.annotations.NullMarked;
