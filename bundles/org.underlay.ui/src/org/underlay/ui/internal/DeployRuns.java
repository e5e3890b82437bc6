package org.underlay.ui.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.deploy.engine.JournalLock;
import org.underlay.deploy.session.EnvironmentSession;
import org.underlay.deploy.session.InvalidDesignException;
import org.underlay.lab.Lab;
import org.underlay.lab.LabSpec;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.plan.Plan;

/**
 * The Deploy view's runs as Jobs with progress and cancel, all through the {@link EnvironmentSession}: applies
 * (workflows, fixes and the machine menu's power and boot actions alike, under the environment's one journal and
 * lock) and collects. The view's log gets the outcomes — what each action verified, warnings, failures, interrupted
 * actions, how each machine ended — and each machine's console the same besides its output ({@link DeployConsoles}).
 * <p>
 * Cancelling an apply works as Ctrl-C does for {@code underlay apply}: no new action starts and the actions in flight
 * finish and are recorded ({@link Applier.Stop#stopStarting()}); those still running after {@link #GRACE} are
 * interrupted and recorded as interrupted ({@link Applier.Stop#interrupt()}). (Eclipse offers a Job one cancel; the
 * grace stands for the second Ctrl-C.)
 */
public final class DeployRuns {

	/** How long the actions in flight may go on after a cancel before they are interrupted. */
	public static final Duration GRACE = Duration.ofSeconds(10);
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	/** Work of a Job; cancelling the Job interrupts its thread. */
	public interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	private final Display display;
	private final Consumer<String> log;

	/** @param log the view's log; called from any thread */
	public DeployRuns(Display display, Consumer<String> log) {
		this.display = display;
		this.log = log;
	}

	/**
	 * Applies a plan (confirmed by the caller) as a user Job; call on the UI thread (a run's dialogs are made here).
	 * A second apply of the environment, from here or the command line, is refused naming the holder of its lock.
	 *
	 * @param purpose    what a refused second apply is told ("apply bring-up")
	 * @param afterwards run when the apply has ended, however it ended (not when it was refused)
	 */
	public Job apply(EnvironmentSession session, Plan plan, String name, String purpose, Runnable afterwards) {
		WorkbenchSessions.Run run = WorkbenchSessions.forRun(session, display);
		String environment = plan.environment();
		Applier.Stop stop = new Applier.Stop();
		Job job = new Job(name) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				boolean ran = true;
				try (run) {
					monitor.beginTask(name, plan.actions().size());
					Progress progress = new Progress(environment, "--- " + (plan.workflow() == null ? "apply"
							: plan.workflow()) + " in " + environment + ", " + TIME.format(Instant.now()) + " ---",
							monitor);
					report(progress, run.session().apply(plan, purpose, progress, stop));
					return stop.stopping() ? Status.CANCEL_STATUS : Status.OK_STATUS;
				} catch (JournalLock.LockedException e) {
					ran = false;
					return refused(name, e.getMessage());
				} catch (InvalidDesignException e) {
					ran = false;
					return refused(name, refusal(e));
				} catch (InterruptedException e) {
					log.accept(name + ": interrupted");
					return Status.CANCEL_STATUS;
				} catch (IOException | RuntimeException e) {
					log.accept(name + ": " + e.getMessage());
					return Status.error(name + " failed: " + e.getMessage());
				} finally {
					Thread.interrupted();
					monitor.done();
					if (ran) {
						afterwards.run();
					}
				}
			}

			@Override
			protected void canceling() {
				stop.stopStarting();
				log.accept(name + ": stopping - no new action starts; the actions in flight finish and are recorded "
						+ "(interrupted if still running in " + GRACE.toSeconds() + " s)");
				Job.createSystem("Interrupting " + name, m -> {
					if (getState() == Job.RUNNING) {
						log.accept(name + ": interrupting the actions still in flight");
						stop.interrupt();
					}
				}).schedule(GRACE.toMillis());
			}
		};
		job.setUser(true);
		job.schedule();
		return job;
	}

	private IStatus refused(String name, String why) {
		log.accept(name + ": refused: " + why);
		return Status.error(name + " was refused: " + why);
	}

	/** Why a design with errors does not run, with its errors (the first twenty). */
	public static String refusal(InvalidDesignException e) {
		List<String> errors = e.errors();
		StringBuilder text = new StringBuilder(e.getMessage()).append(':');
		errors.stream().limit(20).forEach(line -> text.append("\n  ").append(line));
		if (errors.size() > 20) {
			text.append("\n  ... and ").append(errors.size() - 20).append(" more (see the Problems view)");
		}
		return text.toString();
	}

	/** How each machine ended, into the log and its console. */
	private void report(Progress progress, EnvironmentSession.ApplyOutcome outcome) {
		if (outcome.resumed() > 0) {
			log.accept("resumed the unfinished run of this plan in " + outcome.journal().getFileName() + ": "
					+ outcome.resumed() + " actions were already done");
		}
		for (Applier.MachineResult result : outcome.report().machines()) {
			String ended = result.ok() ? "ok (" + result.done() + " done, " + result.skipped() + " already done)"
					: (result.stopped() ? "STOPPED at action " : "FAILED at action ") + result.failedAction() + ": "
							+ result.error();
			log.accept(result.machine() + ": " + ended);
			progress.begin(result.machine());
			if (result.ok()) {
				DeployConsoles.header(progress.environment, result.machine(), ended);
			} else {
				DeployConsoles.error(progress.environment, result.machine(), ended);
			}
		}
	}

	/**
	 * The engine's progress: the Job's monitor, the log, each machine's console (headed by the run once the apply
	 * holds the environment's lock and reaches the machine: a refused apply leaves the consoles alone).
	 */
	private final class Progress implements Applier.Listener {
		private final String environment;
		private final String header;
		private final IProgressMonitor monitor;
		private final Set<String> begun = ConcurrentHashMap.newKeySet();

		Progress(String environment, String header, IProgressMonitor monitor) {
			this.environment = environment;
			this.header = header;
			this.monitor = monitor;
		}

		void begin(String machine) {
			if (begun.add(machine)) {
				DeployConsoles.header(environment, machine, header);
			}
		}

		@Override
		public void action(String machine, Plan.Action action, Journal.Status status, String message) {
			begin(machine);
			String what = (action.id() + " " + action.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
					+ action.detail()).strip();
			String said = message == null || message.isBlank() ? "" : message;
			switch (status) {
			case STARTED -> {
				monitor.subTask(machine + ": " + what);
				DeployConsoles.header(environment, machine, "[" + what + "]");
			}
			case PROGRESS -> DeployConsoles.output(environment, machine, said);
			case DONE -> {
				monitor.worked(1);
				log.accept(machine + " " + what + ": done" + (said.isEmpty() ? "" : " (" + said + ")"));
				if (!said.isEmpty()) {
					DeployConsoles.header(environment, machine, "done: " + said);
				}
			}
			case FAILED, INTERRUPTED -> {
				monitor.worked(1);
				log.accept(machine + " " + what + ": " + status + " " + said);
				DeployConsoles.error(environment, machine, status + ": " + said);
			}
			default -> {
				// RUN and NOTE are the journal's own entries
			}
			}
		}

		@Override
		public void output(String machine, String line) {
			begin(machine);
			DeployConsoles.output(environment, machine, line);
		}

		@Override
		public void warning(String machine, String message) {
			begin(machine);
			log.accept("warning: " + machine + ": " + message);
			DeployConsoles.error(environment, machine, "warning: " + message);
		}
	}

	/**
	 * Observes machines as a user Job and merges what was seen into the stored observation (the session's
	 * collect): each machine's console shows what was observed; the log names the machines that could not be
	 * reached and those that kept their last good observation.
	 */
	public Job collect(EnvironmentSession session, List<Plan.Machine> machines, String what, Duration delay,
			Runnable afterwards) {
		WorkbenchSessions.Run run = WorkbenchSessions.forRun(session, display);
		String environment = session.environment();
		return job("Collecting " + what + " of " + environment, delay, monitor -> {
			try (run) {
				monitor.beginTask("Collecting", IProgressMonitor.UNKNOWN);
				String started = "--- collect in " + environment + ", " + TIME.format(Instant.now()) + " ---";
				machines.forEach(m -> DeployConsoles.header(environment, m.name(), started));
				EnvironmentSession.CollectOutcome outcome = run.session().collect(machines);
				long unreachable = 0;
				for (ObservedMachine m : outcome.observed().getMachines()) {
					describe(environment, m);
					String problem = problem(m, outcome.stored().findMachine(m.getName()));
					if (problem != null) {
						log.accept(m.getName() + ": " + problem);
						if (problem.contains("; kept ")) {
							DeployConsoles.error(environment, m.getName(), problem.substring(problem.indexOf("kept ")));
						}
					}
					unreachable += m.isReachable() ? 0 : 1;
				}
				log.accept("observed " + outcome.observed().getMachines().size() + " machines"
						+ (unreachable == 0 ? "" : ", " + unreachable + " unreachable"));
			} finally {
				afterwards.run();
			}
		});
	}

	/**
	 * What went wrong observing a machine, and what the stored observation kept of an earlier one (the session's
	 * collect never drops a good observation); null when all went well.
	 */
	private static String problem(ObservedMachine now, ObservedMachine stored) {
		boolean kept = stored != null && stored.getLastAttemptError() != null
				&& Objects.equals(stored.getLastAttemptAt(), now.getObservedAt());
		if (!now.isReachable()) {
			return now.getError() + (kept ? "; kept its last good observation of "
					+ TIME.format(Observations.instant(stored.getObservedAt())) : "");
		}
		String ssh = now.getFacts().get(Observations.SSH_FACT);
		return kept ? stored.getLastAttemptError() + "; kept the facts, interfaces and neighbours SSH showed last"
				: ssh == null ? null : "SSH " + ssh;
	}

	/** What was observed of a machine, into its console. */
	private static void describe(String environment, ObservedMachine m) {
		String name = m.getName();
		if (!m.isReachable()) {
			DeployConsoles.error(environment, name, "unreachable: " + m.getError());
			return;
		}
		DeployConsoles.output(environment, name, "power " + m.getPower() + (m.getBootDevice() == null ? ""
				: ", boot override " + m.getBootDevice()));
		m.getFacts().forEach(f -> DeployConsoles.output(environment, name, f.getKey() + " = " + f.getValue()));
		m.getInterfaces().forEach(nic -> DeployConsoles.output(environment, name,
				"interface " + nic.getName() + " " + nic.getMac() + " " + String.join(" ", nic.getAddresses())));
		m.getNeighbours().forEach(n -> DeployConsoles.output(environment, name,
				"lldp " + n.getLocalPort() + " -> " + n.getSystem() + " " + n.getPort()));
		DeployConsoles.header(environment, name, "collected at " + TIME.format(Observations.instant(m.getObservedAt())));
	}

	/** Starts the rehearsal lab of a site (its machines as the site's 'lab' environment binds them). */
	public Job labUp(LabSpec spec, Runnable afterwards) {
		return job("Starting the rehearsal lab of " + spec.site(), Duration.ZERO, monitor -> {
			Lab.up(spec, Lab.defaultStateDir());
			log.accept("rehearsal lab of " + spec.site() + " up: " + spec.machines().size() + " machines, state in "
					+ Lab.defaultStateDir());
			afterwards.run();
		});
	}

	/** Stops everything the rehearsal lab started. */
	public Job labDown(Runnable afterwards) {
		return job("Stopping the rehearsal lab", Duration.ZERO, monitor -> {
			log.accept(Lab.down(Lab.defaultStateDir()).wasUp()
					? "rehearsal lab stopped" : "no rehearsal lab was running");
			afterwards.run();
		});
	}

	/** A user Job with progress; cancelling it interrupts its thread. */
	public Job job(String name, Duration delay, Work work) {
		Job job = new InterruptingJob(name) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				try {
					work.run(monitor);
					return Status.OK_STATUS;
				} catch (InterruptedException e) {
					log.accept(name + ": cancelled");
					return Status.CANCEL_STATUS;
				} catch (Exception e) {
					log.accept(name + ": " + e.getMessage());
					return Status.error(name + " failed: " + e.getMessage());
				} finally {
					Thread.interrupted();
					monitor.done();
				}
			}
		};
		job.setUser(true);
		job.schedule(delay.toMillis());
		return job;
	}
}
