/**
 * The simulated cluster's settings that several layers read: its networks (pod, Service and
 * node-port ranges, DNS domain) and how long each control-plane component takes to react.
 */
@NullMarked
package dev.ksim.config;

import org.jspecify.annotations.NullMarked;
