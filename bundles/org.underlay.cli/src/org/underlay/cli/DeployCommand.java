package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.core.drift.Drift;
import org.underlay.core.drift.DriftFinding;
import org.underlay.core.export.WorkPackage;
import org.underlay.core.observed.Observation;
import org.underlay.core.observed.ObservationStore;
import org.underlay.core.observed.Observations;
import org.underlay.core.plan.Plan;
import org.underlay.core.plan.Planner;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.SshOptions;

/**
 * {@code underlay plan|apply|collect|drift <design folder> --site S --environment E [options]}: the deploy loop from a
 * pipeline. Plans and drift print as text or, with {@code --json}, as JSON; progress goes to standard error. Exit codes:
 * 0 ok, 1 findings (plan problems, failed machines, drift), 2 usage or input error.
 */
final class DeployCommand {

	static final String USAGE = """
			usage: underlay plan    <design folder> --site S --environment E [--workflow W | --fix] [--json]
			       underlay apply   <design folder> --site S --environment E [--workflow W | --fix] [--journal FILE]
			                        [--parallel N] [--credentials FILE] [--known-hosts FILE] [--trust-new-hosts]
			                        [--lab DIR]
			       underlay collect <design folder> --site S --environment E [same connection options as apply]
			       underlay drift   <design folder> --site S --environment E [--json]
			Credentials are looked up by the names the bindings give: environment variables
			UNDERLAY_CREDENTIAL_<NAME>[_USER|_KEY_FILE|_PASSPHRASE], then the --credentials file (mode 0600).
			apply journals every action in <design folder>/.underlay/journal/<environment>.jsonl (or --journal FILE):
			run again after an interruption, it resumes that plan where it stopped; a finished or another plan runs anew.
			collect stores what it observed in <design folder>/.underlay/observed/<environment>.observed (XMI of the
			observed model); drift compares it.""";

	private static final Set<String> VALUED = Set.of("--site", "--environment", "--workflow", "--journal", "--parallel",
			"--credentials", "--known-hosts", "--lab");
	private static final Set<String> FLAGS = Set.of("--json", "--trust-new-hosts", "--fix");

	private final PrintStream out;
	private final PrintStream err;

	DeployCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(String command, String[] args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			(args.length == 0 ? err : out).println(USAGE);
			return args.length == 0 ? UnderlayCli.USAGE : UnderlayCli.OK;
		}
		Path folder = Path.of(args[0]);
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (FLAGS.contains(args[i])) {
				options.put(args[i], "true");
			} else if (VALUED.contains(args[i]) && i + 1 < args.length) {
				options.put(args[i], args[++i]);
			} else {
				err.println("underlay " + command + ": unexpected argument '" + args[i] + "'");
				err.println(USAGE);
				return UnderlayCli.USAGE;
			}
		}
		if (!options.containsKey("--site") || !options.containsKey("--environment")) {
			err.println("underlay " + command + ": --site and --environment are required");
			return UnderlayCli.USAGE;
		}
		if (!Files.isDirectory(folder)) {
			err.println("underlay " + command + ": not a design folder: " + folder);
			return UnderlayCli.USAGE;
		}
		if (command.equals("apply") || command.equals("collect")) {
			// the BMC drivers load and check their crypto while the design loads and the plan is made
			org.underlay.bmc.BmcDrivers.prepareInBackground();
		}
		XtextResourceSet set;
		try {
			set = load(folder);
		} catch (IOException e) {
			err.println("underlay " + command + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		Site site = site(set, options.get("--site"));
		if (site == null) {
			err.println("underlay " + command + ": no site '" + options.get("--site") + "' in " + folder);
			return UnderlayCli.USAGE;
		}
		Environment environment = WorkPackage.environmentsOf(site).stream()
				.filter(e -> e.getName().equals(options.get("--environment"))).findFirst().orElse(null);
		if (environment == null) {
			err.println("underlay " + command + ": site " + site.getName() + " has no environment '"
					+ options.get("--environment") + "'; it has: " + String.join(", ",
							WorkPackage.environmentsOf(site).stream().map(Environment::getName).toList()));
			return UnderlayCli.USAGE;
		}
		boolean json = options.containsKey("--json");
		ObservationStore store = new ObservationStore(folder);
		Plan plan;
		if (options.containsKey("--fix")) {
			try {
				Observation last = store.read(environment.getName());
				if (last.getTakenAt() == null) {
					err.println("underlay " + command + ": nothing observed yet in " + environment.getName()
							+ ": run 'underlay collect' first");
					return UnderlayCli.USAGE;
				}
				plan = Planner.fix(site, environment, Drift.compute(site, environment, last));
			} catch (IOException e) {
				err.println("underlay " + command + ": " + e.getMessage());
				return UnderlayCli.USAGE;
			}
		} else {
			plan = Planner.plan(site, environment, options.get("--workflow"));
		}
		try {
			return switch (command) {
			case "plan" -> {
				out.print(json ? plan.toJson() : plan.toText());
				yield plan.runnable() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
			}
			case "drift" -> {
				Observation observation = store.read(environment.getName());
				if (observation.getTakenAt() == null) {
					err.println("underlay drift: nothing observed yet in " + environment.getName()
							+ ": run 'underlay collect' first");
					yield UnderlayCli.USAGE;
				}
				List<DriftFinding> drift = Drift.compute(site, environment, observation);
				if (json) {
					out.print(Drift.toJson(drift));
				} else {
					drift.forEach(d -> out.println(d.describe()));
					out.println(drift.isEmpty() ? "no drift in " + environment.getName() + " (observed "
							+ Observations.instant(observation.getTakenAt()) + ")" : drift.size() + " differences in " + environment.getName());
				}
				yield drift.isEmpty() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
			}
			case "collect" -> {
				Applier applier = applier(options, folder, environment.getName());
				Observation observation = applier.collect(environment.getName(), plan.machines());
				store.write(observation);
				long unreachable = observation.getMachines().stream().filter(m -> !m.isReachable()).count();
				observation.getMachines().stream().filter(m -> !m.isReachable())
						.forEach(m -> err.println(m.getName() + ": " + m.getError()));
				out.println("observed " + observation.getMachines().size() + " machines of " + environment.getName()
						+ (unreachable == 0 ? "" : ", " + unreachable + " unreachable") + "; stored in "
						+ folder.relativize(store.fileOf(environment.getName())));
				yield unreachable == 0 ? UnderlayCli.OK : UnderlayCli.FINDINGS;
			}
			case "apply" -> apply(plan, options, folder, environment);
			default -> throw new IllegalStateException(command);
			};
		} catch (IOException e) {
			err.println("underlay " + command + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("underlay " + command + ": interrupted");
			return UnderlayCli.FINDINGS;
		}
	}

	private int apply(Plan plan, Map<String, String> options, Path folder, Environment environment)
			throws IOException, InterruptedException {
		if (!plan.runnable()) {
			plan.problems().forEach(p -> err.println("problem: " + p));
			err.println("underlay apply: the plan has problems; nothing was run");
			return UnderlayCli.FINDINGS;
		}
		// one journal per environment: a run of another plan (another workflow, a fix) starts a new run in it, an
		// interrupted run of the same plan resumes (Journal.resumable)
		Path journalFile = options.containsKey("--journal") ? Path.of(options.get("--journal"))
				: folder.resolve(".underlay").resolve("journal").resolve(environment.getName() + ".jsonl");
		Applier applier = applier(options, folder, environment.getName());
		try (Journal journal = Journal.open(journalFile)) {
			int resumed = journal.resumable(Applier.fingerprint(plan), Applier.keys(plan)).size();
			if (resumed > 0) {
				err.println("resuming from " + journalFile + ": " + resumed + " actions already done");
			}
			Applier.Report report = applier.apply(plan, journal, new Applier.Listener() {
				@Override
				public void action(String machine, Plan.Action action, Journal.Status status, String message) {
					if (status != Journal.Status.STARTED) {
						err.println(machine + " " + action.id() + " " + action.kind().name().toLowerCase() + " "
								+ action.detail() + ": " + (status == Journal.Status.DONE ? "done" : "FAILED " + message));
					}
				}

				@Override
				public void output(String machine, String line) {
					err.println(machine + "| " + line);
				}
			});
			for (Applier.MachineResult result : report.machines()) {
				out.println(result.machine() + ": " + (result.ok() ? "ok (" + result.done() + " done, " + result.skipped()
						+ " already done)" : "FAILED at action " + result.failedAction() + ": " + result.error()));
			}
			return report.ok() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
		}
	}

	private static Applier applier(Map<String, String> options, Path folder, String environment) throws IOException {
		Path lab = options.containsKey("--lab") ? Path.of(options.get("--lab"))
				: "lab".equals(environment) && Files.exists(org.underlay.lab.Lab.defaultStateDir().resolve("state.json"))
						? org.underlay.lab.Lab.defaultStateDir()
						: null;
		List<CredentialsProvider> providers = new ArrayList<>();
		providers.add(new EnvironmentCredentials());
		if (options.containsKey("--credentials")) {
			providers.add(new FileCredentials(Path.of(options.get("--credentials"))));
		}
		Map<String, String> bmcOptions = new HashMap<>();
		Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
		if (lab != null) {
			if (!Files.exists(lab.resolve("credentials"))) {
				throw new IOException("no rehearsal lab runs in " + lab + " (start one with 'underlay lab up')");
			}
			providers.add(new FileCredentials(lab.resolve("credentials")));
			knownHosts = lab.resolve("known_hosts");
			bmcOptions.put("redfish.tls.caFile", lab.resolve("redfish-ca.pem").toString());
		}
		if (options.containsKey("--known-hosts")) {
			knownHosts = Path.of(options.get("--known-hosts"));
		}
		SshOptions ssh = SshOptions.defaults().withKnownHosts(knownHosts).withConnectTimeout(Duration.ofSeconds(10))
				.withHostKeyVerifier(options.containsKey("--trust-new-hosts") ? HostKeyVerifier.ACCEPT_NEW
						: HostKeyVerifier.REJECT_UNKNOWN);
		int parallel;
		try {
			parallel = Integer.parseInt(options.getOrDefault("--parallel", "16"));
		} catch (NumberFormatException e) {
			throw new IOException("--parallel takes a number");
		}
		return new Applier(CredentialsChain.of(providers.toArray(CredentialsProvider[]::new)), ssh, parallel, 3,
				Duration.ofSeconds(10), Duration.ofMinutes(30), folder, bmcOptions);
	}

	private static XtextResourceSet load(Path folder) throws IOException {
		List<Path> files = DesignFiles.find(folder);
		if (files.isEmpty()) {
			throw new IOException("no ." + DesignFiles.EXTENSION + " files in " + folder);
		}
		XtextResourceSet set = ValidateCommand.injector().getInstance(XtextResourceSet.class);
		Map<URI, Exception> unreadable = DesignLoader.loadAll(set,
				() -> ValidateCommand.injector().getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		if (!unreadable.isEmpty()) {
			throw new IOException("cannot read " + unreadable.keySet().iterator().next().toFileString());
		}
		EcoreUtil.resolveAll(set);
		return set;
	}

	private static Site site(XtextResourceSet set, String name) {
		for (Resource resource : set.getResources()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
				for (var element : design.getElements()) {
					if (element instanceof Site site && name.equals(site.getName())) {
						return site;
					}
				}
			}
		}
		return null;
	}
}
