/** A real DNS port: UDP and TCP listeners that hand wire-format queries to a simulated server. */
@NullMarked
package dev.ksim.dns.port;

import org.jspecify.annotations.NullMarked;
