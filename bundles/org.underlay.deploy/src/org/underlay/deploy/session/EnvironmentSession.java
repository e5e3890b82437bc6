package org.underlay.deploy.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.engine.Journal;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.lab.Lab;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.plan.Plan;
import org.underlay.operations.plan.Planner;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.SshOptions;

/**
 * One environment of one design, ready to be planned, applied, collected and compared: the one place that knows
 * where an environment's journal and observations live, whether it is the running rehearsal lab (then its
 * credentials, known hosts and certificate authority are used, and power waits are shorter), which known_hosts file
 * to trust, and how the engine is set up. The command line and the workbench use only this; each brings its own
 * credential sources (environment and files; secure storage and a prompt) and says how the design validated.
 * <p>
 * Plan, fix and apply refuse a design with validation errors ({@link InvalidDesignException}): what runs on machines
 * is only ever what {@code validate} accepts.
 */
public final class EnvironmentSession {

	/**
	 * The workbench's and the command line's choices; everything else follows from the environment.
	 *
	 * @param hostKeys asked about an SSH host key known_hosts does not hold (the workbench's dialog); null: refused,
	 *                 or accepted with {@code trustNewHosts}
	 * @param prompt   asked for a credential after every other source, the running lab's included (the workbench's
	 *                 dialog); never asked by the {@link PowerWatch}, which must not prompt; null: none
	 */
	public record Options(Path lab, Path knownHosts, boolean trustNewHosts, int parallelism, Duration powerTimeout,
			Duration softTimeout, boolean rerunInterrupted, Path journal, HostKeyVerifier hostKeys,
			CredentialsProvider prompt) {

		public static Options defaults() {
			return new Options(null, null, false, 16, null, null, false, null, null, null);
		}

		public Options withLab(Path dir) {
			return new Options(dir, knownHosts, trustNewHosts, parallelism, powerTimeout, softTimeout,
					rerunInterrupted, journal, hostKeys, prompt);
		}

		public Options withKnownHosts(Path file) {
			return new Options(lab, file, trustNewHosts, parallelism, powerTimeout, softTimeout, rerunInterrupted,
					journal, hostKeys, prompt);
		}

		public Options withTrustNewHosts(boolean trust) {
			return new Options(lab, knownHosts, trust, parallelism, powerTimeout, softTimeout, rerunInterrupted,
					journal, hostKeys, prompt);
		}

		public Options withParallelism(int n) {
			return new Options(lab, knownHosts, trustNewHosts, n, powerTimeout, softTimeout, rerunInterrupted,
					journal, hostKeys, prompt);
		}

		public Options withPowerTimeout(Duration d) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, d, softTimeout, rerunInterrupted,
					journal, hostKeys, prompt);
		}

		public Options withSoftTimeout(Duration d) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, powerTimeout, d, rerunInterrupted,
					journal, hostKeys, prompt);
		}

		public Options withRerunInterrupted(boolean rerun) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, powerTimeout, softTimeout, rerun,
					journal, hostKeys, prompt);
		}

		public Options withJournal(Path file) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, powerTimeout, softTimeout,
					rerunInterrupted, file, hostKeys, prompt);
		}

		public Options withHostKeys(HostKeyVerifier verifier) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, powerTimeout, softTimeout,
					rerunInterrupted, journal, verifier, prompt);
		}

		public Options withPrompt(CredentialsProvider last) {
			return new Options(lab, knownHosts, trustNewHosts, parallelism, powerTimeout, softTimeout,
					rerunInterrupted, journal, hostKeys, last);
		}
	}

	/** The rehearsal lab's power transitions take a second or two: a hung one shows sooner than on hardware. */
	static final Duration LAB_POWER_TIMEOUT = Duration.ofSeconds(20);
	static final Duration LAB_SOFT_TIMEOUT = Duration.ofSeconds(30);

	private final Path folder;
	private final Site site;
	private final Environment environment;
	private final List<String> designErrors;
	private final CredentialsProvider credentials;
	private final Options options;
	private final ObservationStore store;

	/**
	 * @param folder       the design's folder (journal and observations live in its {@code .underlay})
	 * @param designErrors the design's validation errors as {@code validate} prints them; plan and apply refuse
	 *                     to run while there are any
	 * @param credentials  the caller's credential sources; the running lab's come first
	 */
	public EnvironmentSession(Path folder, Site site, Environment environment, List<String> designErrors,
			CredentialsProvider credentials, Options options) {
		this.folder = Objects.requireNonNull(folder, "folder");
		this.site = Objects.requireNonNull(site, "site");
		this.environment = Objects.requireNonNull(environment, "environment");
		this.designErrors = List.copyOf(designErrors);
		this.credentials = Objects.requireNonNull(credentials, "credentials");
		this.options = options == null ? Options.defaults() : options;
		this.store = new ObservationStore(folder);
	}

	public String environment() {
		return environment.getName();
	}

	public Options options() {
		return options;
	}

	/**
	 * The same environment of the same design with other options (the workbench: a run's own credential prompt and
	 * host-key dialog on the session it planned with). Plan, fix, actions, machines and drift read the design's
	 * model, which an editor may re-parse: call them while the model is current; the rest reads only files.
	 */
	public EnvironmentSession with(Options other) {
		return new EnvironmentSession(folder, site, environment, designErrors, credentials, other);
	}

	/** The design's validation errors as given; plan and apply refuse to run while there are any. */
	public List<String> designErrors() {
		return designErrors;
	}

	public Path folder() {
		return folder;
	}

	// --- where things are ----------------------------------------------------------------------------------

	/**
	 * The running rehearsal lab this environment is bound to, or null: the lab the options name (it must run), or
	 * for the environment named "lab" the default lab folder when a lab runs there.
	 */
	public Path lab() throws IOException {
		if (options.lab() != null) {
			if (!Files.exists(options.lab().resolve(Lab.CREDENTIALS))) {
				throw new IOException("no rehearsal lab runs in " + options.lab() + " (start one with 'underlay lab "
						+ "up')");
			}
			return options.lab();
		}
		Path dir = Lab.defaultStateDir();
		return "lab".equals(environment.getName()) && Files.exists(dir.resolve("state.json"))
				&& Files.exists(dir.resolve(Lab.CREDENTIALS)) ? dir : null;
	}

	/**
	 * The one known_hosts file SSH trusts: the lab's own for the lab; otherwise the operator's per-user file
	 * {@link #userKnownHosts()} — never a file inside the design folder, which travels with the design's repository
	 * (a committer could pre-trust a key there).
	 */
	public Path knownHosts() throws IOException {
		if (options.knownHosts() != null) {
			return options.knownHosts();
		}
		Path lab = lab();
		return lab != null ? lab.resolve(Lab.KNOWN_HOSTS) : userKnownHosts();
	}

	/** {@code ~/.underlay/known_hosts}: the command line's and the workbench's for every environment but the lab. */
	public static Path userKnownHosts() {
		return SshOptions.userKnownHosts();
	}

	public Path journalFile() {
		return options.journal() != null ? options.journal()
				: folder.resolve(".underlay").resolve("journal").resolve(environment.getName() + ".jsonl");
	}

	public Path observedFile() {
		return store.fileOf(environment.getName());
	}

	/** The engine's settings for this environment: credentials, SSH trust, the lab's CA, the power timeouts. */
	public EngineSettings settings() throws IOException {
		return settings(true);
	}

	/** @param prompting whether the options' prompt is asked last (not for the power watch) */
	private EngineSettings settings(boolean prompting) throws IOException {
		Path lab = lab();
		List<CredentialsProvider> providers = new ArrayList<>();
		Map<String, String> bmcOptions = Map.of();
		if (lab != null) {
			// the lab's generated credentials are the truth for its machines: a stale entry elsewhere must not win
			providers.add(new FileCredentials(lab.resolve(Lab.CREDENTIALS)));
			bmcOptions = Map.of("redfish.tls.caFile", lab.resolve(Lab.REDFISH_CA).toString());
		}
		providers.add(credentials);
		if (prompting && options.prompt() != null) {
			providers.add(options.prompt());
		}
		// the operator's own file, written, and ~/.ssh/known_hosts read too; the lab's or a named file alone
		SshOptions ssh = (options.knownHosts() == null && lab == null ? SshOptions.defaults()
				: SshOptions.defaults().withKnownHosts(knownHosts())).withConnectTimeout(Duration.ofSeconds(10))
				.withHostKeyVerifier(options.hostKeys() != null ? options.hostKeys()
						: options.trustNewHosts() ? HostKeyVerifier.ACCEPT_NEW : HostKeyVerifier.REJECT_UNKNOWN);
		EngineSettings settings = EngineSettings.of(CredentialsChain.of(providers.toArray(CredentialsProvider[]::new)),
				ssh, folder).withParallelism(Math.max(1, options.parallelism())).withBmcOptions(bmcOptions)
				.withRerunInterrupted(options.rerunInterrupted());
		if (lab != null) {
			settings = settings.withPowerTimeout(LAB_POWER_TIMEOUT).withSoftTimeout(LAB_SOFT_TIMEOUT);
		}
		if (options.powerTimeout() != null) {
			settings = settings.withPowerTimeout(options.powerTimeout());
		}
		if (options.softTimeout() != null) {
			settings = settings.withSoftTimeout(options.softTimeout());
		}
		return settings;
	}

	// --- plans ---------------------------------------------------------------------------------------------

	private void requireValid() throws InvalidDesignException {
		if (!designErrors.isEmpty()) {
			throw new InvalidDesignException(designErrors);
		}
	}

	/** @param workflow the workflow to run on every machine; null: each machine's own (from its profiles) */
	public Plan plan(String workflow) throws InvalidDesignException {
		requireValid();
		return Planner.plan(site, environment, workflow);
	}

	/** The corrective actions for the last observation's drift; empty when nothing was observed yet. */
	public Plan fix() throws InvalidDesignException, IOException {
		requireValid();
		return Planner.fix(site, environment, drift());
	}

	/** The corrective actions for the chosen findings only (the workbench's Fix). */
	public Plan fix(List<DriftFinding> findings) throws InvalidDesignException {
		requireValid();
		return Planner.fix(site, environment, findings);
	}

	/** One power or boot action on machines an operator chose. */
	public Plan actions(List<String> machines, Plan.Kind kind, String detail) throws InvalidDesignException {
		requireValid();
		return Planner.actions(site, environment, machines, kind, detail);
	}

	/** Every bound machine, for collect and the power watch (no workflow needed; runs on an invalid design too). */
	public List<Plan.Machine> machines() {
		return Planner.plan(site, environment, null).machines();
	}

	// --- running -------------------------------------------------------------------------------------------

	/** How an apply went, and how many actions it found done by the run it resumed. */
	public record ApplyOutcome(Applier.Report report, int resumed, Path journal) {
	}

	/**
	 * Applies a plan under the environment's journal lock (a second apply, from anywhere, is refused naming the
	 * holder): resumes an unfinished run of the same plan, journals every action.
	 *
	 * @param purpose what the lock tells a refused second apply ("apply bring-up")
	 */
	public ApplyOutcome apply(Plan plan, String purpose, Applier.Listener listener, Applier.Stop stop)
			throws IOException, InterruptedException, InvalidDesignException {
		requireValid();
		if (!plan.runnable()) {
			throw new IllegalArgumentException("the plan has problems: " + String.join("; ", plan.problems()));
		}
		Applier applier = new Applier(settings());
		try (Journal journal = Journal.open(journalFile(), purpose + " in " + environment.getName())) {
			int resumed = journal.resumable(Applier.fingerprint(plan), Applier.keys(plan)).done().size();
			return new ApplyOutcome(applier.apply(plan, journal, listener, stop), resumed, journalFile());
		}
	}

	/** A collect's result: what was observed now, and the stored observation after the merge. */
	public record CollectOutcome(Observation observed, Observation stored) {
	}

	/**
	 * Observes the machines and merges the result into the stored observation: a machine that could not be reached
	 * now keeps its last good entry (marked with this attempt), so a failed collect never drops a good observation.
	 */
	public CollectOutcome collect(List<Plan.Machine> machines) throws IOException, InterruptedException {
		Observation observed = new Applier(settings()).collect(environment.getName(), machines);
		return new CollectOutcome(observed, store.merge(observed));
	}

	public Observation observation() throws IOException {
		return store.read(environment.getName());
	}

	/** The last observation's differences from the design; empty when nothing was observed yet. */
	public List<DriftFinding> drift() throws IOException {
		Observation last = observation();
		return last.getTakenAt() == null ? List.of() : Drift.compute(site, environment, last);
	}

	/**
	 * Watches the machines' power state over BMC sessions kept open between rounds; close it to log out. It never
	 * asks the options' prompt: a credential no other source defines shows as "no credential".
	 */
	public PowerWatch powerWatch(List<Plan.Machine> machines, Duration bmcTimeout) {
		return new PowerWatch(machines, () -> {
			try {
				return settings(false);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}, bmcTimeout);
	}
}
