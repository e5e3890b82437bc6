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
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.Outcome;

/**
 * Asks every machine's BMC for its power state, all machines at once (bounded), again and again while it runs: the
 * Deploy view runs it while it is visible and cancels it when hidden or closed, or when the environment changes.
 * Cancelling interrupts the BMC calls in flight (the clients honour interruption). It never prompts: a credential
 * no source defines shows as such. BMC sessions stay open from round to round (one login per machine while the poll
 * runs, not one every few seconds: BMCs have few session slots and log every login); a session that fails, or whose
 * endpoint or driver options changed, is closed and opened again once in the same round. Stopping closes them all.
 */
public final class PowerPoll {

	/** How long one BMC may take to answer a poll; a dead BMC must not hold up the others' next round. */
	static final Duration BMC_TIMEOUT = Duration.ofSeconds(4);
	static final int PARALLELISM = 16;

	private final Consumer<Map<String, String>> results;
	private final long intervalMillis;
	private Job job;
	private Sessions sessions;

	/** The open BMC clients of one poll, by machine; once closed, a client put in is closed at once. */
	static final class Sessions {

		private record Held(String key, BmcClient client) {
		}

		private final Map<String, Held> held = new java.util.HashMap<>();
		private boolean closed;

		synchronized BmcClient get(String machine, String key) {
			Held h = held.get(machine);
			return h != null && h.key().equals(key) ? h.client() : null;
		}

		synchronized void put(String machine, String key, BmcClient client) {
			if (closed) {
				client.close();
				return;
			}
			Held old = held.put(machine, new Held(key, client));
			if (old != null && old.client() != client) {
				old.client().close();
			}
		}

		synchronized void drop(String machine) {
			Held h = held.remove(machine);
			if (h != null) {
				h.client().close();
			}
		}

		synchronized int size() {
			return held.size();
		}

		synchronized void closeAll() {
			closed = true;
			held.values().forEach(h -> h.client().close());
			held.clear();
		}
	}

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
		Sessions open = new Sessions();
		sessions = open;
		job = new Job("Polling the power state of " + environment) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				Map<String, String> round = new TreeMap<>();
				CredentialsProvider logins = credentials.get();
				Map<String, String> options = bmcOptions.get();
				try {
					for (Outcome<Plan.Machine, String> outcome : FanOut.run(withBmc, PARALLELISM,
							machine -> power(open, machine, logins, options), null).outcomes()) {
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
		if (sessions != null) {
			sessions.closeAll();
			sessions = null;
		}
	}

	/** BMC sessions the running poll holds open (for tests). */
	public synchronized int openSessions() {
		return sessions == null ? 0 : sessions.size();
	}

	public synchronized boolean running() {
		return job != null;
	}

	/** One machine's power state through the BMC SPI, on the session the poll holds open for it. */
	static String power(Sessions sessions, Plan.Machine machine, CredentialsProvider credentials,
			Map<String, String> bmcOptions) throws BmcException, CredentialsException {
		String key = machine.bmc() + " " + new TreeMap<>(bmcOptions);
		BmcClient held = sessions.get(machine.name(), key);
		if (held != null) {
			try {
				return held.powerState().name().toLowerCase(Locale.ROOT);
			} catch (BmcException e) {
				if (Thread.currentThread().isInterrupted() || e.kind() == BmcException.Kind.CANCELLED) {
					throw e;
				}
				// the BMC restarted, dropped the session, or its credentials changed (a new lab): log in again
			}
		}
		sessions.drop(machine.name());
		BmcClient bmc = open(machine, credentials, bmcOptions);
		try {
			String state = bmc.powerState().name().toLowerCase(Locale.ROOT);
			sessions.put(machine.name(), key, bmc);
			return state;
		} catch (BmcException | RuntimeException e) {
			bmc.close();
			throw e;
		}
	}

	private static BmcClient open(Plan.Machine machine, CredentialsProvider credentials,
			Map<String, String> bmcOptions) throws BmcException, CredentialsException {
		Plan.Endpoint e = machine.bmc();
		if (e.credential() == null) {
			throw new CredentialsException(CredentialsException.Kind.MISSING, null, "the binding names no credential");
		}
		try (Secret secret = credentials.resolve(e.credential())) {
			char[] password = secret.hasPassword() ? secret.password() : new char[0];
			try (Credentials login = new Credentials(secret.user().orElse("admin"), password)) {
				// the client keeps what it needs to log in again; the credentials are wiped here
				return BmcDrivers.open(org.underlay.deploy.engine.BmcEndpoints.of(e, bmcOptions, BMC_TIMEOUT), login);
			} finally {
				java.util.Arrays.fill(password, '\0');
			}
		}
	}
}
