package org.underlay.deploy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.deploy.fanout.Outcome;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.SshClient;

/**
 * Executes a {@link Plan}: machines in parallel (bounded), each machine's actions in order over its BMC and SSH
 * ({@link ActionRunner}), every action journalled as started before it runs and as done, failed or interrupted after
 * it. A machine that fails stops at that action with a clear error; the others go on. An apply of a plan whose last
 * run did not finish resumes it: actions done are skipped, an action that started and never finished is read back
 * where the BMC can tell and otherwise left to the operator ({@link EngineSettings#rerunInterrupted()}).
 * <p>
 * {@link Stop} ends an apply in two steps, as Ctrl-C does in the CLI: first no new action starts and the actions in
 * flight finish and are recorded; then the actions in flight are interrupted and recorded as interrupted.
 */
public final class Applier {

	/**
	 * How one machine ended: every action done, failed at one (with the error an operator reads), or stopped.
	 *
	 * @param stopped the apply was stopped (Ctrl-C, Cancel) before this machine finished
	 */
	public record MachineResult(String machine, boolean ok, int done, int skipped, Integer failedAction,
			String error, Map<String, String> facts, boolean stopped) {
	}

	public record Report(List<MachineResult> machines) {

		public boolean ok() {
			return machines.stream().allMatch(MachineResult::ok);
		}

		public boolean stopped() {
			return machines.stream().anyMatch(MachineResult::stopped);
		}
	}

	/** Progress for the UI and the CLI; called from worker threads. */
	public interface Listener {
		Listener NONE = new Listener() {
		};

		/** An action's step; {@code message}: what was verified (DONE), the error (FAILED), why (INTERRUPTED). */
		default void action(String machine, Plan.Action action, Journal.Status status, String message) {
		}

		default void output(String machine, String line) {
		}

		/** Something an operator must know before trusting the result, such as an unauthenticated BMC session. */
		default void warning(String machine, String message) {
		}
	}

	/** Stops a running apply: {@link #stopStarting()} first, {@link #interrupt()} if that is not enough. */
	public static final class Stop {
		private volatile boolean stopping;
		private volatile boolean interrupting;
		private volatile FanOut<?, ?> run;

		/** No new action starts; the actions in flight finish and are recorded. */
		public void stopStarting() {
			stopping = true;
		}

		/** The actions in flight are interrupted and recorded as interrupted. */
		public void interrupt() {
			stopping = true;
			interrupting = true;
			FanOut<?, ?> r = run;
			if (r != null) {
				r.cancel();
			}
		}

		public boolean stopping() {
			return stopping;
		}
	}

	private final EngineSettings settings;

	public Applier(EngineSettings settings) {
		this.settings = settings;
	}

	public EngineSettings settings() {
		return settings;
	}

	public Report apply(Plan plan, Journal journal, Listener listener) throws InterruptedException {
		return apply(plan, journal, listener, new Stop());
	}

	public Report apply(Plan plan, Journal journal, Listener listener, Stop stop) throws InterruptedException {
		if (!plan.runnable()) {
			throw new IllegalStateException("the plan has problems and is not run: " + String.join("; ", plan.problems()));
		}
		Journal.Resumption resumption;
		try {
			resumption = journal.begin(fingerprint(plan), keys(plan), plan.workflow() == null
					? "plan in " + plan.environment() : plan.workflow() + " in " + plan.environment());
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write the journal " + journal.file() + ": " + e.getMessage(), e);
		}
		for (Plan.Machine machine : plan.machines()) {
			// the driver refuses cipher 0 unless the binding allows it; where it does, every apply says so
			if (machine.bmc() != null && "0".equals(machine.bmc().options().get("cipher"))
					&& "true".equals(machine.bmc().options().get("allow-insecure"))) {
				listener.warning(machine.name(), "its BMC runs IPMI cipher suite 0 (allowed by the binding): the "
						+ "session has no authentication, integrity or confidentiality");
			}
		}
		try (SshClient ssh = new SshClient(settings.ssh())) {
			FanOut<Plan.Machine, MachineResult> run = FanOut.start(plan.machines(), settings.parallelism(),
					machine -> run(machine, plan, journal, resumption, ssh, listener, stop), null);
			stop.run = run;
			if (stop.interrupting && !run.isDone()) {
				run.cancel(); // interrupted before the run was known to the stop
			}
			FanOutReport<Plan.Machine, MachineResult> report;
			try {
				report = run.await();
			} catch (InterruptedException e) {
				run.cancel();
				report = run.await();
			}
			List<MachineResult> results = new ArrayList<>();
			for (Outcome<Plan.Machine, MachineResult> outcome : report.outcomes()) {
				results.add(outcome.value() != null ? outcome.value()
						: new MachineResult(outcome.target().name(), false, 0, 0, null, outcome.error() == null
								? "stopped before it started" : ActionFailure.message(outcome.error()), Map.of(),
								outcome.status() == Outcome.Status.CANCELLED));
			}
			return new Report(results);
		}
	}

	/**
	 * What identifies a plan for resuming: its actions (machine, order, kind, detail, step, dependencies), not its
	 * endpoints — an apply stopped by a wrong BMC address resumes once the binding is corrected.
	 */
	public static String fingerprint(Plan plan) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (Plan.Action a : plan.actions()) {
				sha.update((a.machine() + "\u0000" + a.id() + "\u0000" + a.kind() + "\u0000" + a.detail() + "\u0000"
						+ a.step() + "\u0000" + a.after() + "\n").getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(sha.digest(), 0, 12);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("JDK lacks SHA-256", e);
		}
	}

	/** The plan's actions as the journal names them. */
	public static Set<String> keys(Plan plan) {
		Set<String> keys = new HashSet<>();
		plan.actions().forEach(a -> keys.add(Journal.key(a.machine(), a.id())));
		return keys;
	}

	private MachineResult run(Plan.Machine machine, Plan plan, Journal journal, Journal.Resumption resumption,
			SshClient ssh, Listener listener, Stop stop) throws InterruptedException {
		List<Plan.Action> actions = plan.actions().stream().filter(a -> a.machine().equals(machine.name())).toList();
		Map<String, String> facts = new LinkedHashMap<>();
		int completed = 0;
		int skipped = 0;
		String name = machine.name();
		try (MachineConnections connections = new MachineConnections(machine, settings, ssh)) {
			ActionRunner runner = new ActionRunner(connections, settings, listener);
			for (Plan.Action action : actions) {
				if (stop.stopping()) {
					return new MachineResult(name, false, completed, skipped, action.id(),
							"stopped before action " + action.id() + " (the apply was stopped)", facts, true);
				}
				String key = Journal.key(name, action.id());
				String kind = action.kind().name();
				// facts live in memory: a resumption gathers them again when actions after them still run
				if (resumption.done().contains(key) && (action.kind() != Plan.Kind.COLLECT_FACTS
						|| actions.stream().filter(a -> a.id() > action.id()).allMatch(
								a -> resumption.done().contains(Journal.key(name, a.id()))))) {
					skipped++;
					continue;
				}
				List<Journal.Entry> trail = resumption.unfinished().get(key);
				if (trail != null) {
					ActionRunner.Verdict verdict;
					try {
						verdict = runner.resume(action, trail);
					} catch (ActionFailure e) {
						record(journal, listener, machine, action, Journal.Status.INTERRUPTED, "still unknown "
								+ "after resuming: " + e.getMessage());
						return new MachineResult(name, false, completed, skipped, action.id(), e.getMessage(), facts,
								false);
					}
					if (verdict.kind() == ActionRunner.Verdict.Kind.DONE) {
						record(journal, listener, machine, action, Journal.Status.DONE, verdict.message());
						completed++;
						continue;
					}
					if (verdict.kind() == ActionRunner.Verdict.Kind.STOP) {
						// recorded as interrupted again, not failed: the next apply asks the same question
						record(journal, listener, machine, action, Journal.Status.INTERRUPTED, verdict.message());
						return new MachineResult(name, false, completed, skipped, action.id(), verdict.message(),
								facts, false);
					}
				}
				record(journal, listener, machine, action, Journal.Status.STARTED, action.detail());
				String outcome;
				try {
					outcome = runner.execute(action, facts, what -> {
						try {
							journal.record(name, action.id(), kind, Journal.Status.PROGRESS, what);
						} catch (IOException e) {
							throw new ActionFailure("cannot write the journal " + journal.file() + ": "
									+ e.getMessage());
						}
					});
				} catch (ActionFailure e) {
					record(journal, listener, machine, action, Journal.Status.FAILED, e.getMessage());
					return new MachineResult(name, false, completed, skipped, action.id(), e.getMessage(), facts,
							false);
				} catch (InterruptedException e) {
					record(journal, listener, machine, action, Journal.Status.INTERRUPTED,
							"the apply was stopped while this action ran; its effect is read back on the next apply");
					return new MachineResult(name, false, completed, skipped, action.id(),
							"interrupted in action " + action.id() + " (the apply was stopped)", facts, true);
				}
				record(journal, listener, machine, action, Journal.Status.DONE, outcome);
				completed++;
			}
		}
		return new MachineResult(name, true, completed, skipped, null, null, facts, false);
	}

	private static void record(Journal journal, Listener listener, Plan.Machine machine, Plan.Action action,
			Journal.Status status, String message) {
		// an interrupted worker still records (the journal's stream ignores the interrupt); the flag is kept
		try {
			journal.record(machine.name(), action.id(), action.kind().name(), status, message);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write the journal " + journal.file() + ": " + e.getMessage(), e);
		}
		listener.action(machine.name(), action, status, message);
	}

	/** Observes the machines ({@link Collector}). */
	public Observation collect(String environment, List<Plan.Machine> machines) throws InterruptedException {
		return new Collector(settings).collect(environment, machines);
	}
}
