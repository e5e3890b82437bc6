package org.underlay.ui.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.underlay.deploy.session.PowerWatch;

/**
 * Runs a {@link PowerWatch} round after round as a system Job: the Deploy view runs it while it is visible and stops
 * it when hidden or closed, or when the environment changes. Stopping cancels the round in flight (the BMC clients
 * honour interruption) and closes the watch, which logs its BMC sessions out.
 */
public final class PowerPoll {

	/** How long one BMC may take to answer a poll; a dead BMC must not hold up the others' next round. */
	public static final Duration BMC_TIMEOUT = Duration.ofSeconds(4);

	private final Consumer<Map<String, String>> results;
	private final long intervalMillis;
	private Job job;
	private PowerWatch watch;

	/**
	 * @param results called (on the poll's thread) after every round with machine name to "on", "off", or why it is
	 *                not known ("unreachable", "no credential")
	 */
	public PowerPoll(Consumer<Map<String, String>> results, Duration interval) {
		this.results = results;
		this.intervalMillis = interval.toMillis();
	}

	/** Polls with this watch from now on (any earlier poll is stopped); the poll closes it when stopped. */
	public synchronized void start(String environment, PowerWatch rounds) {
		stop();
		if (rounds.isEmpty()) {
			rounds.close();
			return;
		}
		watch = rounds;
		job = new InterruptingJob("Polling the power state of " + environment) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				Map<String, String> round;
				try {
					round = rounds.round();
				} catch (InterruptedException e) {
					return Status.CANCEL_STATUS;
				} catch (RuntimeException e) {
					// the settings could not be read (a lab folder half written): try again next round
					round = null;
				} finally {
					Thread.interrupted(); // a cancel's interrupt must not reach the worker thread's next job
				}
				if (monitor.isCanceled()) {
					return Status.CANCEL_STATUS;
				}
				if (round != null) {
					results.accept(round);
				}
				schedule(intervalMillis);
				return Status.OK_STATUS;
			}
		};
		job.setSystem(true);
		job.schedule();
	}

	/** Polls again now instead of at the next interval (after a power action). */
	public synchronized void now() {
		if (job != null && job.getState() == Job.SLEEPING) {
			job.wakeUp();
		}
	}

	public synchronized void stop() {
		if (job != null) {
			job.cancel();
			job = null;
		}
		if (watch != null) {
			watch.close();
			watch = null;
		}
	}

	/** BMC sessions the running poll holds open (for tests). */
	public synchronized int openSessions() {
		return watch == null ? 0 : watch.openSessions();
	}

	public synchronized boolean running() {
		return job != null;
	}
}
