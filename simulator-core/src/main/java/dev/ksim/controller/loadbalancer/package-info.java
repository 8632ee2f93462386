/** The cloud provider's service controller: addresses for LoadBalancer Services. */
@NullMarked
package dev.ksim.controller.loadbalancer;

import org.jspecify.annotations.NullMarked;
