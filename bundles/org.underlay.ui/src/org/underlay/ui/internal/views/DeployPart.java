package org.underlay.ui.internal.views;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.underlay.core.export.WorkPackage;
import org.underlay.core.observed.Observation;
import org.underlay.core.observed.ObservationStore;
import org.underlay.core.observed.ObservedMachine;
import org.underlay.core.plan.Plan;
import org.underlay.core.plan.Planner;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.dsl.DesignFiles;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.SshOptions;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Tables;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Drives the machines of one environment of the site being edited: their endpoints, what was last observed, the
 * drift; Plan shows what would run, Collect observes, Apply runs the plan after a confirmation showing it and its
 * blast radius. Long work runs as Jobs with progress and cancel; output streams into the log below. Credentials
 * come from UNDERLAY_CREDENTIAL_* variables and the project's {@code .underlay/credentials} file (0600; the lab
 * writes one); unknown SSH host keys are offered for trust once and recorded in {@code .underlay/known_hosts}.
 */
public class DeployPart {

	public static final String ID = "org.underlay.ui.deploy";

	/** One table row: a machine of the plan and its last observation. */
	public record Row(Plan.Machine machine, ObservedMachine observed, long drift) {
	}

	private Combo environments;
	private Combo workflows;
	private static final String OWN = "(each machine's own)";
	private Label heading;
	private TableViewer table;
	private Text log;
	private DesignSnapshot snapshot;
	private Plan plan;
	private Path root;
	private final List<String> logLines = new ArrayList<>();
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		// the controls wrap onto a second row when the view is narrow
		Composite bar = new Composite(parent, SWT.NONE);
		org.eclipse.swt.layout.RowLayout row = new org.eclipse.swt.layout.RowLayout(SWT.HORIZONTAL);
		row.wrap = true;
		row.center = true;
		row.marginLeft = row.marginTop = row.marginBottom = 0;
		bar.setLayout(row);
		bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		new Label(bar, SWT.NONE).setText("Environment:");
		environments = new Combo(bar, SWT.READ_ONLY);
		environments.addListener(SWT.Selection, e -> refresh());
		new Label(bar, SWT.NONE).setText("Workflow:");
		workflows = new Combo(bar, SWT.READ_ONLY);
		workflows.setToolTipText("Run one workflow of the design on every machine, or each machine's own (its profiles')");
		workflows.addListener(SWT.Selection, e -> refresh());
		button(bar, "Plan\u2026", "Show what Apply would run, in order, and its blast radius", this::showPlan);
		button(bar, "Collect", "Observe every machine over its BMC and SSH, and store what was seen", this::collect);
		button(bar, "Apply\u2026", "Run the plan on the machines of this environment", this::apply);
		button(bar, "Lab up", "Start the rehearsal lab of this site: simulated BMCs and SSH hosts on loopback, "
				+ "as its 'lab' environment binds them", this::labUp);
		button(bar, "Lab down", "Stop everything the rehearsal lab started", this::labDown);
		heading = new Label(parent, SWT.WRAP);
		heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		Composite holder = new Composite(sash, SWT.NONE);
		TableColumnLayout layout = new TableColumnLayout();
		holder.setLayout(layout);
		table = new TableViewer(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		column(layout, "Machine", 14, r -> r.machine().name());
		column(layout, "BMC", 26, r -> r.machine().bmc() == null ? "" : r.machine().bmc().toString());
		column(layout, "SSH", 26, r -> r.machine().ssh() == null ? "" : r.machine().ssh().toString());
		column(layout, "Power", 8, r -> r.observed() == null ? "" : r.observed().reachable()
				? String.valueOf(r.observed().power()) : "unreachable");
		column(layout, "Observed", 16, r -> r.observed() == null || r.observed().observedAt() == null ? "never"
				: r.observed().observedAt().toString());
		column(layout, "Drift", 8, r -> r.drift() == 0 ? "" : Long.toString(r.drift()));
		log = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		sash.setWeights(65, 35);
		DesignTracker.get().addListener(listener);
	}

	private static void button(Composite parent, String text, String tooltip, Runnable action) {
		Button button = new Button(parent, SWT.PUSH);
		button.setText(text);
		button.setToolTipText(tooltip);
		button.addListener(SWT.Selection, e -> action.run());
	}

	private void column(TableColumnLayout layout, String title, int weight, Function<Row, String> text) {
		Tables.column(table, layout, title, weight, 50, Row.class, text);
	}

	@Focus
	public void focus() {
		table.getTable().setFocus();
	}

	@PreDestroy
	public void dispose() {
		DesignTracker.get().removeListener(listener);
	}

	private void show(DesignSnapshot snapshot) {
		if (table.getTable().isDisposed()) {
			return;
		}
		this.snapshot = snapshot;
		List<String> names = snapshot.environments();
		String chosen = environments.getText();
		if (!List.of(environments.getItems()).equals(names)) {
			environments.setItems(names.toArray(String[]::new));
			environments.setText(names.contains(chosen) ? chosen : names.contains("lab") ? "lab"
					: names.isEmpty() ? "" : names.get(0));
			environments.getParent().getParent().layout(true, true);
		}
		List<String> flows = snapshot.workflows();
		List<String> choices = new ArrayList<>();
		choices.add(OWN);
		if (flows != null) {
			choices.addAll(flows);
		}
		if (!List.of(workflows.getItems()).equals(choices)) {
			String was = workflows.getText();
			workflows.setItems(choices.toArray(String[]::new));
			workflows.setText(choices.contains(was) ? was : OWN);
		}
		refresh();
	}

	/** Re-plans for the chosen environment and reloads the last observation. */
	public void refresh() {
		String environment = environments.getText();
		if (snapshot == null || snapshot.site() == null || environment.isEmpty()) {
			plan = null;
			heading.setText(snapshot == null || snapshot.site() == null ? "Open a site design to deploy it."
					: "Site " + snapshot.site() + " has no environment: add 'environment lab for "
							+ snapshot.site() + " { ... }' to bind its machines.");
			table.setInput(List.of());
			return;
		}
		String flow = workflows.getText().isEmpty() || OWN.equals(workflows.getText()) ? null : workflows.getText();
		DesignSnapshot shown = snapshot;
		// planning parses the design: off the UI thread, the table follows when it is done
		Job planning = Job.create("Planning " + environment + " of site " + shown.site(), monitor -> {
			Loaded loaded = DesignTracker.get().withSite(site -> {
				var env = WorkPackage.environmentsOf(site).stream().filter(e -> e.getName().equals(environment))
						.findFirst().orElse(null);
				Path file = Path.of(site.eResource().getURI().toFileString());
				return env == null ? null : new Loaded(Planner.plan(site, env, flow), DesignFiles.rootOf(file));
			});
			if (loaded != null && !table.getTable().isDisposed()) {
				table.getTable().getDisplay().asyncExec(() -> {
					if (!table.getTable().isDisposed() && environment.equals(environments.getText())) {
						showPlan(loaded, environment, shown);
					}
				});
			}
		});
		planning.setSystem(true);
		planning.schedule();
	}

	private record Loaded(Plan plan, Path root) {
	}

	private void showPlan(Loaded loaded, String environment, DesignSnapshot shown) {
		plan = loaded.plan();
		root = loaded.root();
		Observation observation;
		try {
			observation = new ObservationStore(root).read(environment);
		} catch (java.io.IOException e) {
			observation = new Observation(environment, null, List.of());
			append("cannot read the last observation: " + e.getMessage());
		}
		Map<String, ObservedMachine> observed = observation.byName();
		boolean current = environment.equals(shown.driftEnvironment());
		List<Row> rows = new ArrayList<>();
		for (Plan.Machine machine : plan.machines()) {
			long drift = current ? shown.drift().stream().filter(d -> d.device().equals(machine.name())).count() : 0;
			rows.add(new Row(machine, observed.get(machine.name()), drift));
		}
		table.setInput(rows);
		heading.setText(plan.machines().size() + " machines, " + plan.actions().size() + " actions planned"
				+ (plan.runnable() ? "" : " - " + plan.problems().size() + " problems, Apply is disabled")
				+ (observation.takenAt() == null ? "; never observed" : "; observed " + observation.takenAt()));
		heading.getParent().layout(true);
	}

	private void labUp() {
		if (snapshot == null || snapshot.site() == null) {
			return;
		}
		org.underlay.lab.LabSpec spec;
		try {
			spec = DesignTracker.get().withSite(site -> {
				try {
					return org.underlay.lab.LabPlan.of(site);
				} catch (org.underlay.lab.LabException e) {
					throw new IllegalStateException(e.getMessage(), e);
				}
			});
		} catch (IllegalStateException e) {
			MessageDialog.openError(table.getTable().getShell(), "Lab up", e.getMessage());
			return;
		}
		run("Starting the rehearsal lab of " + snapshot.site(), monitor -> {
			org.underlay.lab.Lab.up(spec, org.underlay.lab.Lab.defaultStateDir());
			append("rehearsal lab of " + spec.site() + " up: " + spec.machines().size() + " machines, state in "
					+ org.underlay.lab.Lab.defaultStateDir());
			table.getTable().getDisplay().asyncExec(this::refresh);
		});
	}

	private void labDown() {
		run("Stopping the rehearsal lab", monitor -> {
			var report = org.underlay.lab.Lab.down(org.underlay.lab.Lab.defaultStateDir());
			append(report.wasUp() ? "rehearsal lab stopped" : "no rehearsal lab was running");
		});
	}

	private void showPlan() {
		if (plan != null) {
			MessageDialog.openInformation(table.getTable().getShell(), "Plan for " + plan.environment(), plan.toText());
		}
	}

	private void collect() {
		if (plan == null) {
			return;
		}
		Plan planned = plan;
		Path project = root;
		Applier applier = applier(project, planned.environment());
		run("Collecting " + planned.environment() + " of site " + planned.site(), monitor -> {
			Observation observation = applier.collect(planned.environment(), planned.machines());
			new ObservationStore(project).write(observation);
			observation.machines().stream().filter(m -> !m.reachable()).forEach(m -> append(m.name() + ": " + m.error()));
			append("observed " + observation.machines().size() + " machines");
			DesignTracker.get().refresh();
		});
	}

	private void apply() {
		if (plan == null) {
			return;
		}
		if (!plan.runnable()) {
			MessageDialog.openError(table.getTable().getShell(), "Apply", "The plan cannot run:\n"
					+ String.join("\n", plan.problems()));
			return;
		}
		if (!MessageDialog.openConfirm(table.getTable().getShell(), "Apply the plan to " + plan.environment() + "?",
				plan.toText())) {
			return;
		}
		applyConfirmed();
	}

	/** Runs the current plan as a Job (the confirmation is the caller's). */
	public Job applyConfirmed() {
		Plan planned = plan;
		Path project = root;
		Applier applier = applier(project, planned.environment());
		return run("Applying the plan to " + planned.environment() + " of site " + planned.site(), monitor -> {
			monitor.beginTask("Applying", planned.actions().size());
			Path journalFile = project.resolve(".underlay").resolve("journal").resolve(planned.environment() + ".jsonl");
			try (Journal journal = Journal.open(journalFile)) {
				Applier.Report report = applier.apply(planned, journal, new Applier.Listener() {
					@Override
					public void action(String machine, Plan.Action action, Journal.Status status, String message) {
						if (status != Journal.Status.STARTED) {
							monitor.worked(1);
							append(machine + " " + action.id() + " " + action.kind().name().toLowerCase() + " "
									+ action.detail() + ": " + (status == Journal.Status.DONE ? "done" : "FAILED " + message));
						}
					}

					@Override
					public void output(String machine, String line) {
						append(machine + "| " + line);
					}
				});
				report.machines().forEach(r -> append(r.machine() + ": " + (r.ok() ? "ok" : "FAILED: " + r.error())));
			}
		});
	}

	private interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	/** A Job with progress; cancelling it interrupts the work (the engine stops at the next action). */
	private Job run(String name, Work work) {
		Job job = new Job(name) {
			private volatile Thread thread;

			@Override
			protected IStatus run(IProgressMonitor monitor) {
				thread = Thread.currentThread();
				try {
					work.run(monitor);
					return Status.OK_STATUS;
				} catch (InterruptedException e) {
					append(name + ": cancelled");
					return Status.CANCEL_STATUS;
				} catch (Exception e) {
					append(name + ": " + e.getMessage());
					return Status.error(name + " failed: " + e.getMessage());
				} finally {
					thread = null;
					Thread.interrupted();
				}
			}

			@Override
			protected void canceling() {
				Thread running = thread;
				if (running != null) {
					running.interrupt();
				}
			}
		};
		job.setUser(true);
		job.schedule();
		return job;
	}

	/** On the UI thread: what the engine needs to reach the machines (it then runs on a Job's thread). */
	private Applier applier(Path project, String environment) {
		List<CredentialsProvider> providers = new ArrayList<>();
		providers.add(new EnvironmentCredentials());
		Path file = project.resolve(".underlay").resolve("credentials");
		if (Files.exists(file)) {
			providers.add(new FileCredentials(file));
		}
		// the rehearsal lab, when it runs: its credentials, known hosts and Redfish certificate authority
		Path lab = Path.of(System.getProperty("user.home"), ".underlay", "lab");
		boolean labRuns = "lab".equals(environment) && Files.exists(lab.resolve("state.json"));
		if (labRuns) {
			providers.add(new FileCredentials(lab.resolve("credentials")));
		}
		Display display = table.getTable().getDisplay();
		HostKeyVerifier ask = key -> {
			boolean[] trust = new boolean[1];
			display.syncExec(() -> trust[0] = MessageDialog.openQuestion(display.getActiveShell(), "Unknown host key",
					"The SSH host " + key.hostAndPort() + " presents a " + key.keyType() + " key\n" + key.fingerprint()
							+ "\nthat is not known yet. Trust it from now on?"));
			return trust[0];
		};
		SshOptions ssh = SshOptions.defaults()
				.withKnownHosts(labRuns ? lab.resolve("known_hosts") : project.resolve(".underlay").resolve("known_hosts"))
				.withHostKeyVerifier(ask).withConnectTimeout(Duration.ofSeconds(10));
		return new Applier(CredentialsChain.of(providers.toArray(CredentialsProvider[]::new)), ssh, 16, 3,
				Duration.ofSeconds(10), Duration.ofMinutes(30), project,
				labRuns ? Map.of("redfish.tls.caFile", lab.resolve("redfish-ca.pem").toString()) : Map.of());
	}

	private void append(String line) {
		synchronized (logLines) {
			logLines.add(line);
		}
		Display display = log.isDisposed() ? null : log.getDisplay();
		if (display != null) {
			display.asyncExec(() -> {
				if (!log.isDisposed()) {
					log.append(line + "\n");
				}
			});
		}
	}

	@SuppressWarnings("unchecked")
	public List<Row> rows() {
		return (List<Row>) table.getInput();
	}

	/** Chooses the workflow to plan (tests; the combo's choice). */
	public void chooseWorkflow(String name) {
		workflows.setText(name == null ? OWN : name);
		refresh();
	}

	public Plan plan() {
		return plan;
	}

	public String heading() {
		return heading.getText();
	}

	public List<String> log() {
		synchronized (logLines) {
			return List.copyOf(logLines);
		}
	}
}
