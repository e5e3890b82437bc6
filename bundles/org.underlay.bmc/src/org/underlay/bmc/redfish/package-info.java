/**
 * The Redfish driver: {@link org.underlay.bmc.redfish.RedfishDriver} (protocol {@code "redfish"}, registered in
 * {@link org.underlay.bmc.BmcDrivers}) and its client. Options and trust settings are listed on the driver.
 *
 * <p>Threads: java.net.http needs its own; each client has one selector thread (ended when the client is closed
 * and unreachable; at once on Java 21+) and one worker that ends when idle. Calls still block only the caller's
 * thread, and interruption or {@link org.underlay.bmc.BmcClient#close()} ends them with {@code CANCELLED}.
 */
package org.underlay.bmc.redfish;
