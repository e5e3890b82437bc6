package org.underlay.operations.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;
import org.underlay.operations.plan.Plan;
import org.underlay.operations.plan.Planner;
import org.underlay.testing.design.Designs;

/** Plans: the workflows' steps per machine, rendered, checked against the BMC, with blast radius; lab = production. */
class PlanTest {

	@TempDir
	Path folder;

	@Test
	void labPlanRunsEachMachinesWorkflowWithItsOwnParams() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Plan plan = Planner.plan(fra1, Designs.environment(fra1, "lab"), null);
		assertTrue(plan.runnable(), () -> "problems: " + plan.problems());
		assertEquals(10, plan.machines().size());
		List<Plan.Action> web01 = plan.actions().stream().filter(a -> a.machine().equals("web-01")).toList();
		assertEquals(List.of("power off", "boot pxe once", "power on", "wait_ssh timeout 1800 s"),
				web01.subList(0, 4).stream().map(a -> a.kind().name().toLowerCase() + " " + a.detail()).toList());
		assertEquals("test \"$(cat /etc/underlay-image)\" = debian-12-hardened", web01.get(4).detail(),
				"the canary's own image, from its device param");
		// the commands as they always were: plain values need no quotes, and get none
		assertEquals(List.of("test \"$(cat /etc/underlay-image)\" = debian-12-hardened",
				"echo 'deb http://deb.debian.org/debian bookworm main' > /etc/apt/sources.list",
				"hostnamectl set-hostname web-01.fra1.acme.example",
				"echo 'servers 0.debian.pool.ntp.org,1.debian.pool.ntp.org' > /etc/chrony/sources.d/underlay.sources",
				"scripts/apply-disk-layout.sh raid1"),
				web01.stream().filter(a -> a.kind() == Plan.Kind.RUN || a.kind() == Plan.Kind.SCRIPT)
						.map(Plan.Action::detail).toList());
		for (int i = 1; i < web01.size(); i++) {
			assertEquals(List.of(web01.get(i - 1).id()), web01.get(i).after(), "each step waits for the one before");
		}
		assertEquals("redfish 127.0.0.1:18001 credential lab-bmc", plan.machines().get(0).bmc().toString());
		assertEquals("deploy@127.0.0.1:18101 credential lab-ssh", plan.machines().get(0).ssh().toString());
		assertTrue(plan.toText().contains("blast radius: nothing beyond the machines themselves"));
		assertEquals(plan.toJson(), Planner.plan(fra1, Designs.environment(fra1, "lab"), null).toJson(),
				"the same design gives the same plan");
	}

	@Test
	void fixPlansPowerAndBootButLeavesWhatOnlyAPersonCanFix() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		var lab = Designs.environment(fra1, "lab");
		var K = DriftFinding.Kind.MISMATCH;
		Plan fix = Planner.fix(fra1, lab, List.of(
				new DriftFinding("web-01", K, new DriftSubject.Power(null), "on", "off"),
				new DriftFinding("web-02", K, new DriftSubject.Mac("ens1f0", null), "02:00:0a:0a:00:0c", "02:00:0a:0a:00:99"),
				new DriftFinding("db-01", K, new DriftSubject.Boot(null), "disk", "pxe")));
		assertTrue(fix.runnable(), () -> fix.problems().toString());
		assertEquals(List.of("web-01", "db-01"), fix.machines().stream().map(Plan.Machine::name).toList());
		assertEquals(List.of("web-01 POWER on", "db-01 BOOT disk"),
				fix.actions().stream().map(a -> a.machine() + " " + a.kind() + " " + a.detail()).toList());
		assertEquals("fix", fix.workflow());
	}

	@Test
	void productionAndLabPlansDifferOnlyInEndpoints() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Plan lab = Planner.plan(fra1, Designs.environment(fra1, "lab"), null);
		Plan production = Planner.plan(fra1, Designs.environment(fra1, "production"), null);
		assertEquals(lab.actions(), production.actions());
		assertEquals(lab.blastRadius(), production.blastRadius());
		assertEquals(lab.machines().stream().map(m -> m.name() + m.workflows()).toList(),
				production.machines().stream().map(m -> m.name() + m.workflows()).toList());
		assertFalse(lab.machines().get(0).bmc().equals(production.machines().get(0).bmc()));
	}

	@Test
	void stepsTheBmcCannotDoAndTheBlastRadiusOfASwitch() throws Exception {
		Files.writeString(folder.resolve("auto.underlay"), """
				package t.auto
				workflow recycle { power cycle  boot cdrom once  wait ssh }
				profile cycled { workflow recycle }
				""");
		Site site = Designs.site(folder, """
				import t.auto.*
				site s {
					room r {
						rack k height 10 {
							switch leaf : Leafy at 10 { profile cycled }
							server a : Boxy at 1 { profile cycled }
							server b : Boxy at 2
						}
					}
					link a.eth0 to leaf.swp1
					link b.eth0 to leaf.swp2
				}
				environment lab for s {
					leaf { bmc ipmi 127.0.0.1:9001 credential lab-bmc ssh 127.0.0.1:9101 user admin }
					a { bmc ipmi 127.0.0.1:9002 credential lab-bmc }
				}
				""".replace("Leafy", "Leaf").replace("Boxy", "Box"));
		Plan plan = Planner.plan(site, Designs.environment(site, "lab"), null);
		assertEquals(List.of(
				"a: recycle step 1 (power cycle) is not among the power actions the BMC of Box lists (on, off)",
				"a: recycle step 2 (boot cdrom once) is not among the boot devices the BMC of Box lists",
				"a: recycle step 3 (wait ssh timeout 300 s) needs SSH, but the binding has no 'ssh' endpoint"),
				plan.problems());
		assertFalse(plan.runnable());
		assertEquals(List.of("a", "b"), plan.blastRadius().get("leaf"), "power-cycling the leaf cuts off a and b");
		assertTrue(plan.toText().contains("blast radius of leaf: a, b"), plan.toText());
	}

	@Test
	void chosenPowerAndBootActionsArePlansWithTheirBlastRadius() throws Exception {
		Site site = Designs.site(folder, """
				site s {
					room r {
						rack k height 10 {
							switch leaf : Leaf at 10
							server a : Box at 1
							server b : Box at 2
						}
					}
					link a.eth0 to leaf.swp1
					link b.eth0 to leaf.swp2
				}
				environment lab for s {
					leaf { bmc ipmi 127.0.0.1:9001 credential lab-bmc }
					a { bmc ipmi 127.0.0.1:9002 credential lab-bmc }
					b { ssh 127.0.0.1:9103 user admin }
				}
				""");
		var lab = Designs.environment(site, "lab");
		Plan off = Planner.actions(site, lab, List.of("leaf", "a"), Plan.Kind.POWER, "off");
		assertTrue(off.runnable(), () -> off.problems().toString());
		assertEquals("power off", off.workflow());
		assertEquals(List.of("leaf POWER off", "a POWER off"),
				off.actions().stream().map(a -> a.machine() + " " + a.kind() + " " + a.detail()).toList());
		assertEquals(List.of(List.of(), List.of()), off.actions().stream().map(Plan.Action::after).toList(),
				"one action per machine, nothing to wait for");
		assertEquals(List.of("a", "b"), off.blastRadius().get("leaf"), "powering the leaf off cuts off a and b");
		assertEquals("ipmi 127.0.0.1:9002 credential lab-bmc", off.machines().get(1).bmc().toString());

		Plan cycle = Planner.actions(site, lab, List.of("a", "b", "not-bound"), Plan.Kind.POWER, "cycle");
		assertEquals(List.of("a: power cycle is not among the power actions the BMC of Box lists",
				"b: needs the machine's BMC, but the binding has no 'bmc' endpoint"), cycle.problems());
		assertEquals(List.of("a", "b"), cycle.machines().stream().map(Plan.Machine::name).toList());

		Plan pxe = Planner.actions(site, lab, List.of("a"), Plan.Kind.BOOT, "pxe once");
		assertTrue(pxe.runnable(), () -> pxe.problems().toString());
		assertEquals("a BOOT pxe once", pxe.actions().get(0).machine() + " " + pxe.actions().get(0).kind() + " "
				+ pxe.actions().get(0).detail());
		assertTrue(pxe.blastRadius().isEmpty());
		assertFalse(Planner.actions(site, lab, List.of("a"), Plan.Kind.BOOT, "cdrom once").runnable(),
				"Box lists pxe and disk only");
	}
}
