package org.underlay.bmc.redfish.tests;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;

/** Test-only accounts and endpoints for the driver tests against the project's Redfish simulator. */
final class SimulatedBmc {

    /** Test-only passwords; the tests assert they appear in no message. */
    static final String ADMIN_PASSWORD = "driver-test-only-Adm1n";
    static final String VIEWER_PASSWORD = "driver-test-only-V1ewer";

    private SimulatedBmc() {
    }

    static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder().user("admin", ADMIN_PASSWORD, SimulatorConfig.Role.Administrator)
                .user("viewer", VIEWER_PASSWORD, SimulatorConfig.Role.ReadOnly)
                .powerTransitionDelay(Duration.ofMillis(300));
    }

    static Credentials admin() {
        return new Credentials("admin", ADMIN_PASSWORD.toCharArray());
    }

    /** Plain HTTP to the simulator: has to be allowed explicitly, as for any binding. */
    static BmcEndpoint http(RedfishSimulator sim) {
        return new BmcEndpoint(RedfishDriver.PROTOCOL, "127.0.0.1", sim.port(), Duration.ofSeconds(5),
                Set.of(InsecureOption.TLS_UNVERIFIED), Map.of(RedfishDriver.SCHEME, "http"));
    }

    static BmcEndpoint https(RedfishSimulator sim) {
        return new BmcEndpoint(RedfishDriver.PROTOCOL, "127.0.0.1", sim.port(), Duration.ofSeconds(5), Set.of(),
                Map.of());
    }
}
