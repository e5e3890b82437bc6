package org.underlay.bmc.sim.redfish;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a simulated Redfish BMC as a standalone process until it is terminated. Passwords are read from environment
 * variables named on the command line, never from the command line itself. When listening, prints one line
 * {@code listening <url>} on standard output (launchers wait for it).
 */
public final class Main {

	private static final String USAGE = """
			usage: redfish-sim [options]
			  --port N               TCP port (default 0: any free port)
			  --bind ADDRESS         address to listen on (default 127.0.0.1)
			  --systems N            number of computer systems "1".."N" (default 1)
			  --user NAME            add a user; the options below apply to the last --user
			  --password-env VAR     environment variable holding that user's password
			  --role ROLE            Administrator (default) | Operator | ReadOnly
			  --reset-types A,B,...  ResetType values the BMC lists and accepts
			  --power-delay-ms N     time a power transition takes (default 500)
			  --reset-latency-ms N   time before an accepted reset starts to act (default 0)
			  --require-if-match     PATCH of a system needs If-Match with its ETag
			  --max-sessions N       concurrent session cap (default 4)
			  --session-timeout-s N  idle time after which a session is gone (default 1800)
			  --tls                  HTTPS with a generated self-signed certificate
			  --cert-out FILE        write that certificate (PEM) to FILE
			  --personality P,...    behave like a kind of third-party service; the options above override a
			                         preset's settings wherever they stand. Presets:
			%s""".formatted(presets());

	private Main() {
	}

	/** The presets' names, a few to a line, indented under --personality. */
	private static String presets() {
		StringBuilder out = new StringBuilder();
		StringBuilder line = new StringBuilder();
		for (Personality p : Personality.values()) {
			if (line.length() > 0 && line.length() + p.optionName().length() > 60) {
				out.append(" ".repeat(25)).append(line).append(",\n");
				line.setLength(0);
			}
			line.append(line.length() > 0 ? ", " : "").append(p.optionName());
		}
		return out.append(" ".repeat(25)).append(line).append("\n").toString();
	}

	public static void main(String[] args) throws Exception {
		int code = run(args, System.out, System.err);
		if (code != 0) {
			System.exit(code);
		}
	}

	/** Runs until the process is terminated; returns early (2) on a usage error. */
	public static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
		SimulatorConfig.Builder b = SimulatorConfig.builder();
		// presets first, whatever the order on the command line: an explicit option always wins
		List<Consumer<SimulatorConfig.Builder>> options = new ArrayList<>();
		List<Personality> personalities = new ArrayList<>();
		String user = null;
		String passwordEnv = null;
		SimulatorConfig.Role role = SimulatorConfig.Role.Administrator;
		Path certOut = null;
		Integer systems = null;
		try {
			for (int i = 0; i < args.length; i++) {
				String a = args[i];
				switch (a) {
					case "--help", "-h" -> {
						out.print(USAGE);
						return 0;
					}
					case "--port" -> {
						int port = Integer.parseInt(value(args, ++i, a));
						options.add(c -> c.port(port));
					}
					case "--bind" -> {
						String bind = value(args, ++i, a);
						options.add(c -> c.bindAddress(bind));
					}
					case "--systems" -> systems = Integer.parseInt(value(args, ++i, a));
					case "--personality" -> {
						for (String name : value(args, ++i, a).split(",")) {
							personalities.add(Personality.named(name));
						}
					}
					case "--user" -> {
						if (user != null) {
							addUser(options, user, passwordEnv, role);
						}
						user = value(args, ++i, a);
						passwordEnv = null;
						role = SimulatorConfig.Role.Administrator;
					}
					case "--password-env" -> passwordEnv = value(args, ++i, a);
					case "--role" -> role = SimulatorConfig.Role.valueOf(value(args, ++i, a));
					case "--reset-types" -> {
						List<String> types = Arrays.asList(value(args, ++i, a).split(","));
						options.add(c -> c.resetTypes(types));
					}
					case "--power-delay-ms" -> {
						Duration delay = Duration.ofMillis(Long.parseLong(value(args, ++i, a)));
						options.add(c -> c.powerTransitionDelay(delay));
					}
					case "--reset-latency-ms" -> {
						Duration latency = Duration.ofMillis(Long.parseLong(value(args, ++i, a)));
						options.add(c -> c.resetLatency(latency));
					}
					case "--require-if-match" -> options.add(c -> c.bootPatchRequiresIfMatch(true));
					case "--max-sessions" -> {
						int max = Integer.parseInt(value(args, ++i, a));
						options.add(c -> c.maxSessions(max));
					}
					case "--session-timeout-s" -> {
						Duration timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
						options.add(c -> c.sessionTimeout(timeout));
					}
					case "--tls" -> options.add(c -> c.tls(true));
					case "--cert-out" -> certOut = Path.of(value(args, ++i, a));
					case "--password", "-p" -> throw new IllegalArgumentException(
							"passwords are not accepted on the command line; use --password-env VAR");
					default -> throw new IllegalArgumentException("unknown option " + a);
				}
			}
			if (user == null) {
				throw new IllegalArgumentException("at least one --user with --password-env is required");
			}
			addUser(options, user, passwordEnv, role);
			if (systems != null) {
				int n = systems;
				options.add(c -> c.systems(n));
			}
		} catch (IllegalArgumentException e) {
			err.println("redfish-sim: " + e.getMessage());
			err.print(USAGE);
			return 2;
		}
		SimulatorConfig config;
		try {
			b.personality(personalities.toArray(Personality[]::new));
			options.forEach(o -> o.accept(b));
			config = b.build();
		} catch (IllegalArgumentException | IllegalStateException e) {
			err.println("redfish-sim: " + e.getMessage());
			return 2;
		}
		RedfishSimulator sim = RedfishSimulator.start(config);
		CountDownLatch done = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sim.stop();
			done.countDown();
		}, "redfish-sim-shutdown"));
		if (certOut != null && sim.certificate().isPresent()) {
			Files.writeString(certOut, sim.certificatePem(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
		}
		out.println("listening " + sim.baseUri() + " " + config);
		out.flush();
		done.await();
		return 0;
	}

	private static void addUser(List<Consumer<SimulatorConfig.Builder>> options, String user, String env,
			SimulatorConfig.Role role) {
		if (env == null) {
			throw new IllegalArgumentException("user " + user + " needs --password-env VAR");
		}
		String password = System.getenv(env);
		if (password == null || password.isEmpty()) {
			throw new IllegalArgumentException("environment variable " + env + " (password of " + user
					+ ") is not set");
		}
		options.add(c -> c.user(user, password, role));
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[i];
	}
}
