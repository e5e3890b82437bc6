package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.deploy.bench.LoopbackBmcs;

/**
 * The benchmark's simulators keep power in a state file through their shell hook: what a client reads is what the
 * file says, and what it sets lands in the file — so every tool the benchmark times reads real state.
 */
class LoopbackBmcsTest {

    @Test
    void chassisHookReadsAndWritesThePowerStateFile() throws Exception {
        try (LoopbackBmcs bmcs = LoopbackBmcs.start(2)) {
            char[] password = bmcs.password();
            for (int i = 0; i < 2; i++) {
                try (Credentials c = new Credentials(LoopbackBmcs.USER, password.clone());
                        BmcClient bmc = BmcDrivers.open(BmcEndpoint.ipmi("127.0.0.1", bmcs.ports().get(i))
                                .withTimeout(Duration.ofSeconds(10)), c)) {
                    PowerState initial = i % 2 == 0 ? PowerState.OFF : PowerState.ON;
                    assertEquals(initial, bmc.powerState(), "bmc" + i + " starts as its state file says");
                    bmc.power(i % 2 == 0 ? PowerAction.ON : PowerAction.OFF);
                    PowerState flipped = initial == PowerState.ON ? PowerState.OFF : PowerState.ON;
                    assertEquals(flipped, bmc.powerState(), "bmc" + i + " after the power change");
                    assertEquals(flipped == PowerState.ON ? "1" : "0", Files.readString(bmcs.directory()
                            .resolve("bmc" + i).resolve("chassis").resolve("power")).strip(), "bmc" + i + " file");
                }
            }
        }
    }
}
