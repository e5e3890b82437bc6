/** {@code underlay bench boot}: the boot service's image throughput against a peer HTTP server. */
package org.underlay.bench.boot;
