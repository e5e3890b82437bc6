package org.underlay.operations.plan;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.GsonBuilder;

/**
 * An ordered, deterministic list of actions for the machines of one environment, with what each action waits for,
 * the machines' endpoints, the blast radius of the power actions, and the problems that forbid running it (a step
 * the BMC cannot do, a machine without endpoint). The same design gives the same plan; two environments' plans differ
 * only in endpoints.
 */
public record Plan(String environment, String site, String workflow, List<Machine> machines, List<Action> actions,
		Map<String, List<String>> blastRadius, List<String> problems) {

	/**
	 * A machine of the plan and where it is reached (credential names only, never secrets). {@code bmc} and
	 * {@code ssh} are null when the binding has none.
	 */
	public record Machine(String name, Endpoint bmc, Endpoint ssh, List<String> workflows) {
	}

	/**
	 * An endpoint: {@code protocol} "ipmi", "redfish" or "ssh"; {@code options} the binding's extras, keyed by the
	 * binding's keywords (the constants below; flags have the value "true"). No secret is ever among them.
	 */
	public record Endpoint(String protocol, String host, int port, String user, String credential,
			Map<String, String> options) {

		/** IPMI cipher suite, "3". */
		public static final String CIPHER = "cipher";
		/** Flag: IPMI 1.5 sessions are allowed. */
		public static final String ALLOW_LEGACY_IPMI = "allow-legacy-ipmi";
		/** Flag: IPMI cipher suite 0 is allowed (with {@link #CIPHER} "0"). */
		public static final String ALLOW_INSECURE = "allow-insecure";
		/** Flag: Redfish over TLS without certificate verification. */
		public static final String INSECURE_TLS = "insecure-tls";
		/** Flag: Redfish over plain HTTP. */
		public static final String INSECURE_HTTP = "insecure-http";
		/** SHA-256 fingerprint of the BMC's certificate, as the binding writes it (hex, colons allowed). */
		public static final String TLS_FINGERPRINT = "tls-fingerprint";
		/** Absolute path of the PEM file of the CA that signs the BMC's certificate. */
		public static final String TLS_CA = "tls-ca";
		/** Id of the Redfish computer system, when the BMC manages several. */
		public static final String SYSTEM = "system";
		/** Id of the Redfish manager, when there are several. */
		public static final String MANAGER = "manager";
		/** SSH: the host key the binding pins. */
		public static final String HOST_KEY = "host-key";

		private static final List<String> FLAGS = List.of(ALLOW_LEGACY_IPMI, ALLOW_INSECURE, INSECURE_TLS, INSECURE_HTTP);

		/** Whether a flag option is set. */
		public boolean flag(String key) {
			return "true".equals(options.get(key));
		}

		@Override
		public String toString() {
			return (protocol.equals("ssh") ? "" : protocol + " ") + (user == null ? "" : user + "@") + host
					+ (port > 0 ? ":" + port : "") + (credential == null ? "" : " credential " + credential);
		}

		/** {@link #toString()} with the options in the binding's words, sorted: {@code ... cipher 17 system "1"}. */
		public String describe() {
			StringBuilder text = new StringBuilder(toString());
			new TreeMap<>(options).forEach((key, value) -> {
				text.append(' ').append(key);
				if (!FLAGS.contains(key)) {
					text.append(' ').append(key.equals(CIPHER) ? value : "\"" + value + "\"");
				}
			});
			return text.toString();
		}
	}

	public enum Kind {
		POWER, BOOT, WAIT_SSH, RUN, SCRIPT, REBOOT, COLLECT_FACTS, ASSERT_FACT
	}

	/**
	 * @param id      1-based, in execution order per machine; machines run in parallel
	 * @param after   the ids this action waits for (the machine's previous action)
	 * @param detail  "off", "pxe once", "timeout 1800 s", the rendered command, the fact check
	 * @param step    where it comes from: "provision step 3"
	 */
	public record Action(int id, String machine, Kind kind, String detail, List<Integer> after, String step) {
	}

	public boolean runnable() {
		return problems.isEmpty();
	}

	/** The plan as people read it. */
	public String toText() {
		StringBuilder text = new StringBuilder();
		text.append("plan ").append(workflow == null ? "(the machines' workflows)" : workflow).append(" for environment ")
				.append(environment).append(" of site ").append(site).append(": ").append(machines.size())
				.append(machines.size() == 1 ? " machine, " : " machines, ").append(actions.size()).append(" actions\n");
		for (Machine machine : machines) {
			text.append('\n').append(machine.name()).append("  bmc ")
					.append(machine.bmc() == null ? "(none)" : machine.bmc().describe()).append("  ssh ")
					.append(machine.ssh() == null ? "(none)" : machine.ssh()).append('\n');
			for (Action action : actions) {
				if (action.machine().equals(machine.name())) {
					text.append(String.format("  %4d  %-13s %s%n", action.id(),
							action.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), action.detail()));
				}
			}
		}
		text.append('\n');
		if (blastRadius.isEmpty()) {
			text.append("blast radius: nothing beyond the machines themselves\n");
		} else {
			blastRadius.forEach((machine, affected) -> text.append("blast radius of ").append(machine).append(": ")
					.append(String.join(", ", affected)).append('\n'));
		}
		problems.forEach(p -> text.append("problem: ").append(p).append('\n'));
		return text.toString();
	}

	public String toJson() {
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(this)
				+ "\n";
	}
}
