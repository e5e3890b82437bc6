package org.underlay.bmc.sim.redfish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users and open sessions of a simulated BMC. Thread-safe. */
final class SessionStore {

	static final class Session {
		private final String id;
		private final String token;
		private final SimulatorConfig.User user;
		long lastUsedNanos = System.nanoTime();

		Session(String id, String token, SimulatorConfig.User user) {
			this.id = id;
			this.token = token;
			this.user = user;
		}

		String id() {
			return id;
		}

		String token() {
			return token;
		}

		SimulatorConfig.User user() {
			return user;
		}

		@Override
		public String toString() {
			return "Session[" + id + ", " + user.name() + "]";
		}
	}

	/** Thrown when the session cap is reached. */
	static final class LimitExceeded extends Exception {
		private static final long serialVersionUID = 1L;
	}

	private final SimulatorConfig config;
	private final SecureRandom random = new SecureRandom();
	private final Map<String, Session> byId = new LinkedHashMap<>();
	private int nextId = 1;
	private int created;

	SessionStore(SimulatorConfig config) {
		this.config = config;
	}

	/** The user with these credentials, or null; compares in constant time. */
	SimulatorConfig.User authenticate(String name, String password) {
		if (name == null || password == null) {
			return null;
		}
		SimulatorConfig.User found = null;
		for (SimulatorConfig.User u : config.users()) {
			boolean nameOk = MessageDigest.isEqual(u.name().getBytes(StandardCharsets.UTF_8),
					name.getBytes(StandardCharsets.UTF_8));
			boolean passOk = MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8),
					password.getBytes(StandardCharsets.UTF_8));
			if (nameOk && passOk) {
				found = u;
			}
		}
		return found;
	}

	/** Drops sessions idle for longer than the timeout (lazily: no timer thread). */
	private void expire() {
		long now = System.nanoTime();
		long timeout = config.sessionTimeout().toNanos();
		byId.values().removeIf(s -> now - s.lastUsedNanos > timeout);
	}

	synchronized Session open(SimulatorConfig.User user) throws LimitExceeded {
		expire();
		if (byId.size() >= config.maxSessions()) {
			throw new LimitExceeded();
		}
		byte[] t = new byte[16];
		random.nextBytes(t);
		Session s = new Session(Integer.toString(nextId++), HexFormat.of().formatHex(t), user);
		byId.put(s.id(), s);
		created++;
		return s;
	}

	synchronized Session byToken(String token) {
		if (token == null) {
			return null;
		}
		expire();
		byte[] given = token.getBytes(StandardCharsets.UTF_8);
		Session found = null;
		for (Session s : byId.values()) {
			if (MessageDigest.isEqual(s.token().getBytes(StandardCharsets.UTF_8), given)) {
				found = s;
			}
		}
		if (found != null) {
			found.lastUsedNanos = System.nanoTime();
		}
		return found;
	}

	synchronized Session byId(String id) {
		expire();
		return byId.get(id);
	}

	synchronized boolean close(String id) {
		return byId.remove(id) != null;
	}

	synchronized List<Session> all() {
		expire();
		return new ArrayList<>(byId.values());
	}

	synchronized int count() {
		expire();
		return byId.size();
	}

	synchronized int created() {
		return created;
	}
}
