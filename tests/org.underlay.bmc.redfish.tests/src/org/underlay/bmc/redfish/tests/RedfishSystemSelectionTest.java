package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.admin;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.config;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.http;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.Personality;

/**
 * A service with several computer systems and managers: the binding chooses with {@code system "<id>"}
 * ({@code redfish.system}) or {@code manager "<id>"} ({@code redfish.manager}, a system among the manager's
 * {@code Links.ManagerForServers}); without a choice, or a wrong one, the message says what to write and what there
 * is to choose from.
 */
class RedfishSystemSelectionTest extends SimulatedBmcTest {

	private String refused(BmcEndpoint ep) {
		String m = refused(BmcException.Kind.UNSUPPORTED, () -> driver.open(ep, admin()).close()).getMessage();
		SimulatedBmc.assertOperatorWords(m);
		return m;
	}

	private BmcEndpoint choosing(String system, String manager) {
		BmcEndpoint ep = http(sim);
		ep = system == null ? ep : ep.withOption(RedfishDriver.SYSTEM, system);
		return manager == null ? ep : ep.withOption(RedfishDriver.MANAGER, manager);
	}

	/** The system a client opened with this choice drives: the one whose LED it switched on. */
	private String driven(String system, String manager) throws Exception {
		try (BmcClient c = driver.open(choosing(system, manager), admin())) {
			c.identify(null);
			String path = c.capabilities().details().get("system");
			c.identify(Duration.ZERO);
			return path.substring(path.lastIndexOf('/') + 1);
		}
	}

	@Test
	void withoutAChoiceTheMessageSaysWhatToWriteAndTheIds() throws Exception {
		start(config().personality(Personality.MULTI_SYSTEM));
		String m = refused(choosing(null, null));
		assertTrue(m.contains("system \"<id>\"") && m.contains("manager \"<id>\""), m);
		for (String id : List.of("node1", "node2", "node3", "node4", "bmc1", "bmc2")) {
			assertTrue(m.contains(id), id + " missing in: " + m);
		}
		System.out.println("several systems: " + m);
	}

	@Test
	void bySystem() throws Exception {
		start(config().personality(Personality.MULTI_SYSTEM));
		assertEquals("node3", driven("node3", null));
		assertEquals("node4", driven("/redfish/v1/Systems/node4", null), "the system's URI works too");
		try (BmcClient c = driver.open(choosing("node3", null), admin())) {
			c.power(PowerAction.ON);
		}
		assertEquals("node3", sim.resetHistory().get(0).systemId());
		String m = refused(choosing("node9", null));
		assertTrue(m.contains("\"node9\"") && m.contains("node1, node2, node3, node4")
				&& m.contains("system \"<id>\""), m);
	}

	@Test
	void byManager() throws Exception {
		start(config().systems(3).manager("chassis-a", "1", "2").manager("chassis-b", "3"));
		assertEquals("3", driven(null, "chassis-b"), "the manager's only system");
		assertEquals("2", driven("2", "chassis-a"), "a system the manager runs");
		String several = refused(choosing(null, "chassis-a"));
		assertTrue(several.contains("\"chassis-a\"") && several.contains("1, 2") && several.contains(
				"system \"<id>\""), several);
		String notItsOwn = refused(choosing("3", "chassis-a"));
		assertTrue(notItsOwn.contains("\"chassis-a\"") && notItsOwn.contains("\"3\"") && notItsOwn.contains("1, 2"),
				notItsOwn);
		String unknown = refused(choosing(null, "chassis-z"));
		assertTrue(unknown.contains("\"chassis-z\"") && unknown.contains("chassis-a, chassis-b")
				&& unknown.contains("manager \"<id>\""), unknown);
	}

	@Test
	void byManagerOnTheMultiSystemPersonality() throws Exception {
		start(config().personality(Personality.MULTI_SYSTEM));
		assertEquals("node2", driven("node2", "bmc1"));
		String m = refused(choosing(null, "bmc2"));
		assertTrue(m.contains("node3, node4") && !m.contains("node1"), m);
	}

	@Test
	void oneSystemNeedsNoChoiceAndAManagerOptionIsChecked() throws Exception {
		start(config());
		assertEquals("1", driven(null, null));
		assertEquals("1", driven(null, "BMC"));
		String m = refused(choosing(null, "other"));
		assertTrue(m.contains("\"other\"") && m.contains("BMC"), m);
	}
}
