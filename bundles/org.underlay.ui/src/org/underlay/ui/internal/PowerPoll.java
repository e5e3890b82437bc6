package org.underlay.ui.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.core.plan.Plan;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.Secret;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.Outcome;

/**
 * Asks every machine's BMC for its power state, all machines at once (bounded), again and again while it runs: the
 * Deploy view runs it while it is visible and cancels it when hidden or closed, or when the environment changes.
 * Cancelling interrupts the BMC calls in flight (the clients honour interruption). It never prompts: a credential
 * no source defines shows as such.
 */
public final class PowerPoll {

	/** How long one BMC may take to answer a poll; a dead BMC must not hold up the others' next round. */
	static final Duration BMC_TIMEOUT = Duration.ofSeconds(4);
	static final int PARALLELISM = 16;

	private final Consumer<Map<String, String>> results;
	private final long intervalMillis;
	private Job job;

	/**
	 * @param results called (on the poll's thread) after every round with machine name to "on", "off", or why it is
	 *                not known ("unreachable", "no credential")
	 */
	public PowerPoll(Consumer<Map<String, String>> results, Duration interval) {
		this.results = results;
		this.intervalMillis = interval.toMillis();
	}

	/**
	 * Starts polling these machines now (any earlier poll is cancelled). Credentials and driver options are asked
	 * for each round: a lab started or stopped meanwhile changes both.
	 */
	public synchronized void start(String environment, List<Plan.Machine> machines,
			Supplier<CredentialsProvider> credentials, Supplier<Map<String, String>> bmcOptions) {
		stop();
		List<Plan.Machine> withBmc = machines.stream().filter(m -> m.bmc() != null).toList();
		if (withBmc.isEmpty()) {
			return;
		}
		job = new Job("Polling the power state of " + environment) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				Map<String, String> round = new TreeMap<>();
				CredentialsProvider logins = credentials.get();
				Map<String, String> options = bmcOptions.get();
				try {
					for (Outcome<Plan.Machine, String> outcome : FanOut.run(withBmc, PARALLELISM,
							machine -> power(machine, logins, options), null).outcomes()) {
						round.put(outcome.target().name(), outcome.value() != null ? outcome.value()
								: outcome.error() instanceof CredentialsException ? "no credential" : "unreachable");
					}
				} catch (InterruptedException e) {
					return Status.CANCEL_STATUS;
				} finally {
					Thread.interrupted(); // a cancel's interrupt must not reach the worker thread's next job
				}
				if (monitor.isCanceled()) {
					return Status.CANCEL_STATUS;
				}
				results.accept(round);
				schedule(intervalMillis);
				return Status.OK_STATUS;
			}

			@Override
			protected void canceling() {
				Thread thread = getThread();
				if (thread != null) {
					thread.interrupt();
				}
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
	}

	public synchronized boolean running() {
		return job != null;
	}

	/** One machine's power state through the BMC SPI. */
	static String power(Plan.Machine machine, CredentialsProvider credentials, Map<String, String> bmcOptions)
			throws BmcException, CredentialsException {
		Plan.Endpoint e = machine.bmc();
		if (e.credential() == null) {
			throw new CredentialsException(CredentialsException.Kind.MISSING, null, "the binding names no credential");
		}
		try (Secret secret = credentials.resolve(e.credential())) {
			char[] password = secret.hasPassword() ? secret.password() : new char[0];
			try (Credentials login = new Credentials(secret.user().orElse("admin"), password);
					BmcClient bmc = BmcDrivers.open(Applier.bmcEndpoint(e, bmcOptions, BMC_TIMEOUT), login)) {
				return bmc.powerState().name().toLowerCase(Locale.ROOT);
			} finally {
				java.util.Arrays.fill(password, '\0');
			}
		}
	}
}
