package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.bmc.BmcDrivers;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.deploy.engine.JournalLock;
import org.underlay.deploy.session.EnvironmentSession;
import org.underlay.deploy.session.InvalidDesignException;
import org.underlay.deploy.session.Probe;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.plan.Plan;

/**
 * {@code underlay plan|apply|collect|drift <design folder> --site S --environment E [options]}: the deploy loop from a
 * pipeline. Plans and drift print as text or, with {@code --json}, as JSON; progress goes to standard error. Exit codes:
 * 0 ok, 1 findings (plan problems, failed machines, drift), 2 usage or input error.
 */
final class DeployCommand {

	static final String USAGE = """
			usage: underlay plan    <design folder> --site S --environment E [--workflow W | --fix] [--probe] [--json]
			       underlay apply   <design folder> --site S --environment E [--workflow W | --fix] [--journal FILE]
			                        [--parallel N] [--credentials FILE] [--known-hosts FILE] [--trust-new-hosts]
			                        [--lab DIR] [--power-timeout SECONDS] [--soft-timeout SECONDS]
			                        [--rerun-interrupted]
			       underlay collect <design folder> --site S --environment E [same connection options as apply]
			       underlay drift   <design folder> --site S --environment E [--json]
			plan and apply refuse a design with validation errors (listed as validate prints them); warnings are listed.
			Credentials are looked up by the names the bindings give: environment variables
			UNDERLAY_CREDENTIAL_<NAME>[_USER|_KEY_FILE|_PASSPHRASE], then the --credentials file (mode 0600).
			SSH host keys are checked against ~/.underlay/known_hosts (the rehearsal lab uses its own), and against the
			binding's host-key pin when it has one.
			Every power action is read back until the BMC reports the state asked for (--power-timeout, default 60 s;
			power soft: --soft-timeout, default 300 s; the lab 20 s and 30 s); every boot override is read back.
			apply holds the environment's lock and journals every action in
			<design folder>/.underlay/journal/<environment>.jsonl (or --journal FILE): run again after an interruption,
			it resumes that plan where it stopped, reading back what an interrupted action did; an interrupted command
			over SSH runs again only with --rerun-interrupted. Ctrl-C stops starting new actions and lets those in
			flight finish; a second Ctrl-C interrupts them.
			collect merges what it observed into <design folder>/.underlay/observed/<environment>.observed (a machine
			that cannot be reached keeps its last good observation); drift compares it.""";

	private static final Set<String> VALUED = Set.of("--site", "--environment", "--workflow", "--journal", "--parallel",
			"--credentials", "--known-hosts", "--lab", "--power-timeout", "--soft-timeout");
	private static final Set<String> FLAGS = Set.of("--json", "--trust-new-hosts", "--fix", "--probe",
			"--rerun-interrupted");

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
		EnvironmentSession.Options sessionOptions;
		try {
			sessionOptions = sessionOptions(options);
		} catch (IllegalArgumentException e) {
			err.println("underlay " + command + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		if (command.equals("apply") || command.equals("collect") || options.containsKey("--probe")) {
			// the BMC drivers load and check their crypto while the design loads and the plan is made
			BmcDrivers.prepareInBackground();
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
		Environment environment = Sites.environmentsOf(site).stream()
				.filter(e -> e.getName().equals(options.get("--environment"))).findFirst().orElse(null);
		if (environment == null) {
			err.println("underlay " + command + ": site " + site.getName() + " has no environment '"
					+ options.get("--environment") + "'; it has: " + String.join(", ",
							Sites.environmentsOf(site).stream().map(Environment::getName).toList()));
			return UnderlayCli.USAGE;
		}
		List<String> errors = new ArrayList<>();
		if (command.equals("plan") || command.equals("apply")) {
			for (String line : validate(set, folder, errors)) {
				err.println(line);
			}
		}
		List<CredentialsProvider> providers = new ArrayList<>();
		providers.add(new EnvironmentCredentials());
		if (options.containsKey("--credentials")) {
			providers.add(new FileCredentials(Path.of(options.get("--credentials"))));
		}
		EnvironmentSession session = new EnvironmentSession(folder, site, environment, errors,
				CredentialsChain.of(providers.toArray(CredentialsProvider[]::new)), sessionOptions);
		boolean json = options.containsKey("--json");
		try {
			return switch (command) {
			case "plan" -> {
				Plan plan = plan(session, options);
				if (plan == null) {
					yield UnderlayCli.USAGE;
				}
				out.print(json ? plan.toJson() : plan.toText());
				if (options.containsKey("--probe")) {
					new Probe(session.settings()).describe(plan).forEach(out::println);
				}
				yield plan.runnable() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
			}
			case "drift" -> {
				Observation observation = session.observation();
				if (observation.getTakenAt() == null) {
					err.println("underlay drift: nothing observed yet in " + environment.getName()
							+ ": run 'underlay collect' first");
					yield UnderlayCli.USAGE;
				}
				List<DriftFinding> drift = session.drift();
				if (json) {
					out.print(Drift.toJson(drift));
				} else {
					drift.forEach(d -> out.println(d.describe()));
					out.println(drift.isEmpty() ? "no drift in " + environment.getName() + " (observed "
							+ Observations.instant(observation.getTakenAt()) + ")"
							: drift.size() + " differences in " + environment.getName());
				}
				yield drift.isEmpty() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
			}
			case "collect" -> collect(session, folder);
			case "apply" -> {
				Plan plan = plan(session, options);
				yield plan == null ? UnderlayCli.USAGE : apply(session, plan, options);
			}
			default -> throw new IllegalStateException(command);
			};
		} catch (InvalidDesignException e) {
			err.println("underlay " + command + ": " + e.getMessage() + "; nothing was run");
			return UnderlayCli.FINDINGS;
		} catch (IOException e) {
			err.println("underlay " + command + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("underlay " + command + ": interrupted");
			return UnderlayCli.FINDINGS;
		}
	}

	private static EnvironmentSession.Options sessionOptions(Map<String, String> options) {
		EnvironmentSession.Options o = EnvironmentSession.Options.defaults()
				.withTrustNewHosts(options.containsKey("--trust-new-hosts"))
				.withRerunInterrupted(options.containsKey("--rerun-interrupted"));
		if (options.containsKey("--lab")) {
			o = o.withLab(Path.of(options.get("--lab")));
		}
		if (options.containsKey("--known-hosts")) {
			o = o.withKnownHosts(Path.of(options.get("--known-hosts")));
		}
		if (options.containsKey("--journal")) {
			o = o.withJournal(Path.of(options.get("--journal")));
		}
		o = o.withParallelism(number(options, "--parallel", 16));
		if (options.containsKey("--power-timeout")) {
			o = o.withPowerTimeout(Duration.ofSeconds(number(options, "--power-timeout", 60)));
		}
		if (options.containsKey("--soft-timeout")) {
			o = o.withSoftTimeout(Duration.ofSeconds(number(options, "--soft-timeout", 300)));
		}
		return o;
	}

	private static int number(Map<String, String> options, String option, int otherwise) {
		try {
			int n = Integer.parseInt(options.getOrDefault(option, Integer.toString(otherwise)));
			if (n < 1) {
				throw new NumberFormatException();
			}
			return n;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " takes a positive whole number");
		}
	}

	/** The plan the options ask for, or null after telling why there is none. */
	private Plan plan(EnvironmentSession session, Map<String, String> options)
			throws IOException, InvalidDesignException {
		if (!options.containsKey("--fix")) {
			return session.plan(options.get("--workflow"));
		}
		if (session.observation().getTakenAt() == null) {
			err.println("underlay: nothing observed yet in " + session.environment() + ": run 'underlay collect' "
					+ "first");
			return null;
		}
		return session.fix();
	}

	/**
	 * Validates every file of the design: errors go into {@code errors} and, with warnings, come back as lines in
	 * the form {@code validate} prints.
	 */
	private static List<String> validate(XtextResourceSet set, Path folder, List<String> errors) {
		IResourceValidator validator = UnderlayStandaloneSetup.injector().getInstance(IResourceValidator.class);
		List<String> lines = new ArrayList<>();
		for (Resource resource : List.copyOf(set.getResources())) {
			if (resource.getURI() == null || !resource.getURI().isFile()) {
				continue;
			}
			String name = folder.toAbsolutePath().normalize().relativize(Path.of(resource.getURI().toFileString())
					.toAbsolutePath().normalize()).toString();
			List<Issue> issues = new ArrayList<>(validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl));
			issues.sort(Comparator.comparing((Issue i) -> i.getLineNumber() == null ? 0 : i.getLineNumber())
					.thenComparing(i -> i.getColumn() == null ? 0 : i.getColumn()));
			for (Issue issue : issues) {
				if (issue.getSeverity() == Severity.ERROR) {
					errors.add(ValidateCommand.format(name, issue));
					lines.add(ValidateCommand.format(name, issue));
				} else if (issue.getSeverity() == Severity.WARNING) {
					lines.add(ValidateCommand.format(name, issue));
				}
			}
		}
		return lines;
	}

	private int collect(EnvironmentSession session, Path folder) throws IOException, InterruptedException {
		EnvironmentSession.CollectOutcome outcome = session.collect(session.machines());
		Observation observed = outcome.observed();
		long unreachable = observed.getMachines().stream().filter(m -> !m.isReachable()).count();
		for (var m : observed.getMachines()) {
			if (!m.isReachable()) {
				var kept = outcome.stored().findMachine(m.getName());
				err.println(m.getName() + ": " + m.getError() + (kept != null && kept.isReachable()
						? " (kept its observation of " + Observations.instant(kept.getObservedAt()) + ")" : ""));
			}
		}
		out.println("observed " + observed.getMachines().size() + " machines of " + session.environment()
				+ (unreachable == 0 ? "" : ", " + unreachable + " unreachable") + "; stored in "
				+ folder.relativize(session.observedFile()));
		return unreachable == 0 ? UnderlayCli.OK : UnderlayCli.FINDINGS;
	}

	private int apply(EnvironmentSession session, Plan plan, Map<String, String> options)
			throws IOException, InterruptedException, InvalidDesignException {
		if (!plan.runnable()) {
			plan.problems().forEach(p -> err.println("problem: " + p));
			err.println("underlay apply: the plan has problems; nothing was run");
			return UnderlayCli.FINDINGS;
		}
		Applier.Stop stop = new Applier.Stop();
		Interrupts.onCtrlC(() -> {
			err.println("underlay apply: stopping: no new action starts; the actions in flight finish and are "
					+ "recorded (Ctrl-C again interrupts them)");
			stop.stopStarting();
		}, () -> {
			err.println("underlay apply: interrupting the actions in flight; they are recorded as interrupted");
			stop.interrupt();
		});
		EnvironmentSession.ApplyOutcome outcome;
		try {
			outcome = session.apply(plan, "apply " + (plan.workflow() == null ? "" : plan.workflow()).strip(),
					new Applier.Listener() {
						@Override
						public void action(String machine, Plan.Action action, Journal.Status status, String message) {
							if (status != Journal.Status.STARTED && status != Journal.Status.PROGRESS) {
								err.println(machine + " " + action.id() + " " + action.kind().name().toLowerCase()
										+ " " + action.detail() + ": " + switch (status) {
										case DONE -> "done" + (message == null ? "" : " (" + message + ")");
										case INTERRUPTED -> "INTERRUPTED " + message;
										default -> "FAILED " + message;
										});
							}
						}

						@Override
						public void output(String machine, String line) {
							err.println(machine + "| " + line);
						}

						@Override
						public void warning(String machine, String message) {
							err.println("warning: " + machine + ": " + message);
						}
					}, stop);
		} catch (JournalLock.LockedException e) {
			err.println("underlay apply: " + e.getMessage());
			return UnderlayCli.FINDINGS;
		} finally {
			Interrupts.restore();
		}
		if (outcome.resumed() > 0) {
			err.println("resumed from " + outcome.journal() + ": " + outcome.resumed() + " actions were already done");
		}
		for (Applier.MachineResult result : outcome.report().machines()) {
			out.println(result.machine() + ": " + (result.ok() ? "ok (" + result.done() + " done, " + result.skipped()
					+ " already done)" : (result.stopped() ? "STOPPED at action " : "FAILED at action ")
							+ result.failedAction() + ": " + result.error()));
		}
		return outcome.report().ok() ? UnderlayCli.OK : UnderlayCli.FINDINGS;
	}

	/** Loads and links every design file below {@code folder}. */
	static XtextResourceSet load(Path folder) throws IOException {
		List<Path> files = DesignFiles.find(folder);
		if (files.isEmpty()) {
			throw new IOException("no ." + DesignFiles.EXTENSION + " files in " + folder);
		}
		XtextResourceSet set = UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class);
		Map<URI, Exception> unreadable = DesignLoader.loadAll(set,
				() -> UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		if (!unreadable.isEmpty()) {
			throw new IOException("cannot read " + unreadable.keySet().iterator().next().toFileString());
		}
		EcoreUtil.resolveAll(set);
		return set;
	}

	/** The site named {@code name} in the loaded design, or null. */
	static Site site(XtextResourceSet set, String name) {
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
