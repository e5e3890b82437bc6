package org.underlay.deploy.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.PowerAction;
import org.underlay.credentials.CredentialsException;
import org.underlay.deploy.engine.BmcLogins;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.operations.plan.Plan;

/**
 * {@code plan --probe}: asks each machine's BMC which concrete operation each power step of the plan will use (the
 * BMC's allowed values decide: a power cycle is the BMC's own only where it offers one and a restart marker to check
 * it by, else power off + on). Reads only; changes nothing.
 */
public final class Probe {

	private final EngineSettings settings;

	public Probe(EngineSettings settings) {
		this.settings = settings;
	}

	/** One line per machine and power step: "web-01  power cycle: ResetType PowerCycle (checked by ...)". */
	public List<String> describe(Plan plan) throws InterruptedException {
		List<String> lines = new ArrayList<>();
		lines.add("");
		lines.add("BMC operations (probed):");
		for (Plan.Machine machine : plan.machines()) {
			Set<String> steps = new LinkedHashSet<>();
			for (Plan.Action a : plan.actions()) {
				if (a.machine().equals(machine.name()) && (a.kind() == Plan.Kind.POWER || a.kind() == Plan.Kind.REBOOT)) {
					steps.add(a.kind() == Plan.Kind.REBOOT ? "cycle" : a.detail());
				}
			}
			if (steps.isEmpty() || machine.bmc() == null) {
				continue;
			}
			try (BmcClient bmc = open(machine)) {
				for (String step : steps) {
					lines.add("  " + machine.name() + "  power " + step + ": " + operation(bmc, step));
				}
			} catch (BmcException | CredentialsException e) {
				lines.add("  " + machine.name() + "  not probed: " + e.getMessage());
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException();
			}
		}
		return lines;
	}

	static String operation(BmcClient bmc, String step) throws BmcException {
		return switch (step) {
		case "on" -> offered(bmc.operation(PowerAction.ON));
		case "off" -> offered(bmc.operation(PowerAction.OFF));
		case "soft" -> offered(bmc.operation(PowerAction.SOFT_SHUTDOWN));
		case "reset" -> offered(bmc.operation(PowerAction.HARD_RESET))
				+ (bmc.restartMarker().isPresent() ? " (checked by the restart marker)"
						: " (no restart marker: unconfirmed unless the machine is seen off)");
		default -> {
			Optional<String> cycle = bmc.operation(PowerAction.CYCLE);
			if (cycle.isPresent() && bmc.restartMarker().isPresent()) {
				yield cycle.get() + " (checked by the restart marker)";
			}
			yield "power off + on, each read back (" + (cycle.isEmpty() ? "the BMC offers no power cycle"
					: "no restart marker to check " + cycle.get() + " by") + ")";
		}
		};
	}

	private static String offered(Optional<String> operation) {
		return operation.orElse("not offered by this BMC: the step will fail");
	}

	private BmcClient open(Plan.Machine machine) throws BmcException, CredentialsException {
		return BmcLogins.open(machine.bmc(), settings.credentials(), settings.bmcOptions(), settings.bmcTimeout());
	}
}
