package org.underlay.deploy.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcException;
import org.underlay.credentials.CredentialsException;
import org.underlay.deploy.engine.BmcLogins;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.Outcome;
import org.underlay.operations.plan.Plan;

/**
 * Asks every machine's BMC for its power state, all at once (bounded), one round per {@link #round()}. BMC sessions
 * stay open from round to round (one login per machine while the watch lives, not one every few seconds: BMCs have
 * few session slots and log every login); a session that fails, or whose endpoint or driver options changed, is
 * closed and opened again once in the same round. It never prompts: a credential no source defines shows as
 * "no credential". {@link #close()} logs them all out; a client opened by a round that ends after the close is closed
 * at once.
 */
public final class PowerWatch implements AutoCloseable {

	static final int PARALLELISM = 16;

	private record Held(String key, BmcClient client) {
	}

	private final List<Plan.Machine> machines;
	private final Supplier<EngineSettings> settings;
	private final Duration bmcTimeout;
	private final Map<String, Held> held = new HashMap<>();
	private boolean closed;

	PowerWatch(List<Plan.Machine> machines, Supplier<EngineSettings> settings, Duration bmcTimeout) {
		this.machines = machines.stream().filter(m -> m.bmc() != null).toList();
		this.settings = settings;
		this.bmcTimeout = bmcTimeout;
	}

	public boolean isEmpty() {
		return machines.isEmpty();
	}

	/**
	 * One round: machine name to "on", "off", or why it is not known ("unreachable", "no credential"). Credentials
	 * and driver options are asked for each round: a lab started or stopped meanwhile changes both.
	 */
	public Map<String, String> round() throws InterruptedException {
		Map<String, String> round = new TreeMap<>();
		EngineSettings now = settings.get();
		for (Outcome<Plan.Machine, String> outcome : FanOut.run(machines, PARALLELISM,
				machine -> power(machine, now), null).outcomes()) {
			round.put(outcome.target().name(), outcome.value() != null ? outcome.value()
					: outcome.error() instanceof CredentialsException ? "no credential" : "unreachable");
		}
		return round;
	}

	private String power(Plan.Machine machine, EngineSettings now) throws BmcException, CredentialsException {
		String key = machine.bmc() + " " + new TreeMap<>(now.bmcOptions());
		BmcClient client = get(machine.name(), key);
		if (client != null) {
			try {
				return client.powerState().name().toLowerCase(Locale.ROOT);
			} catch (BmcException e) {
				if (Thread.currentThread().isInterrupted() || e.kind() == BmcException.Kind.CANCELLED) {
					throw e;
				}
				// the BMC restarted, dropped the session, or its credentials changed (a new lab): log in again
			}
		}
		drop(machine.name());
		BmcClient bmc = BmcLogins.open(machine.bmc(), now.credentials(), now.bmcOptions(), bmcTimeout);
		try {
			String state = bmc.powerState().name().toLowerCase(Locale.ROOT);
			put(machine.name(), key, bmc);
			return state;
		} catch (BmcException | RuntimeException e) {
			bmc.close();
			throw e;
		}
	}

	private synchronized BmcClient get(String machine, String key) {
		Held h = held.get(machine);
		return h != null && h.key().equals(key) ? h.client() : null;
	}

	private synchronized void put(String machine, String key, BmcClient client) {
		if (closed) {
			client.close();
			return;
		}
		Held old = held.put(machine, new Held(key, client));
		if (old != null && old.client() != client) {
			old.client().close();
		}
	}

	private synchronized void drop(String machine) {
		Held h = held.remove(machine);
		if (h != null) {
			h.client().close();
		}
	}

	/** BMC sessions held open (for tests). */
	public synchronized int openSessions() {
		return held.size();
	}

	@Override
	public synchronized void close() {
		closed = true;
		held.values().forEach(h -> h.client().close());
		held.clear();
	}
}
