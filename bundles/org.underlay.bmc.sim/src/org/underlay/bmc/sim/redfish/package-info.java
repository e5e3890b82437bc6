/**
 * A simulated Redfish BMC for tests and the rehearsal lab: {@link org.underlay.bmc.sim.redfish.RedfishSimulator}
 * in-process, {@link org.underlay.bmc.sim.redfish.Main} as a standalone process:
 *
 * <pre>
 * BMC_PW=... java -cp org.underlay.bmc.sim.jar:gson.jar org.underlay.bmc.sim.redfish.Main \
 *     --systems 4 --user admin --password-env BMC_PW --tls --cert-out bmc.pem
 * </pre>
 *
 * It prints {@code listening <url> ...} once it accepts connections and runs until terminated. {@code --personality
 * no-session-service,http-1-0} (any {@link org.underlay.bmc.sim.redfish.Personality}, comma-separated) makes it
 * behave like a kind of third-party service. It is checked against clients we did not write (Debian's redfishtool
 * and python3-sushy) in {@code org.underlay.bmc.sim.tests}.
 */
package org.underlay.bmc.sim.redfish;
