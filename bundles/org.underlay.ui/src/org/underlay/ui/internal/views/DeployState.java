package org.underlay.ui.internal.views;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.underlay.deploy.session.EnvironmentSession;
import org.underlay.deploy.session.InvalidDesignException;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.plan.Plan;

/**
 * What the Deploy view shows of one environment, computed off the UI thread while the design is current: its
 * session, the plan (or why the design's errors refuse one), every bound machine, the last observation and its
 * drift per machine. No widgets.
 *
 * @param plan    null when {@code invalid} refuses it
 * @param invalid the design's errors when they refuse a plan, else null
 * @param error   why the last observation could not be read, or null
 */
record DeployState(EnvironmentSession session, Plan plan, InvalidDesignException invalid, List<Plan.Machine> machines,
		Observation observation, Map<String, Long> drift, String error) {

	/** @param fix the findings to correct (a fix plan), or null for {@code workflow} (null: each machine's own) */
	static DeployState load(EnvironmentSession session, String workflow, List<DriftFinding> fix) {
		Plan plan = null;
		InvalidDesignException invalid = null;
		try {
			plan = fix != null ? session.fix(fix) : session.plan(workflow);
		} catch (InvalidDesignException e) {
			invalid = e;
		}
		Observation observation = Observations.observation(session.environment(), null);
		Map<String, Long> drift = new HashMap<>();
		String error = null;
		try {
			observation = session.observation();
			session.drift().forEach(finding -> drift.merge(finding.device(), 1L, Long::sum));
		} catch (IOException | RuntimeException e) {
			error = "cannot read the last observation: " + e.getMessage();
		}
		return new DeployState(session, plan, invalid, session.machines(), observation, drift, error);
	}

	/** The table's rows: every machine with its last observation and that observation's drift on it. */
	List<MachineTable.Row> rows() {
		Map<String, ObservedMachine> observed = Observations.byName(observation);
		return machines.stream().map(m -> new MachineTable.Row(m, observed.get(m.name()), drift.getOrDefault(m.name(),
				0L))).toList();
	}

	/** The line above the table: what is planned (or why nothing is), and when the machines were last observed. */
	String heading(boolean fixing) {
		String what = plan == null ? count(machines.size(), "machine") + "; " + invalid.getMessage()
				+ " (see the Problems view)"
				: fixing ? "Fix: " + count(plan.actions().size(), "corrective action") + " on "
						+ count(plan.machines().size(), "machine") + ", for Apply\u2026"
						: count(plan.machines().size(), "machine") + ", " + count(plan.actions().size(), "action")
								+ " planned";
		return what + (plan == null || plan.runnable() ? "" : " - " + count(plan.problems().size(), "problem")
				+ ", Apply is disabled")
				+ (observation.getTakenAt() == null ? "; never observed"
						: "; observed " + MachineTable.when(Observations.instant(observation.getTakenAt())))
				+ ". Right-click machines to act on them.";
	}

	private static String count(int n, String what) {
		return n + " " + what + (n == 1 ? "" : "s");
	}
}
