package org.underlay.ui.internal.views;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.IPartListener;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.underlay.core.drift.Drift;
import org.underlay.core.drift.DriftFinding;
import org.underlay.core.export.WorkPackage;
import org.underlay.core.observed.Observation;
import org.underlay.core.observed.ObservationStore;
import org.underlay.core.observed.ObservedMachine;
import org.underlay.core.observed.Observations;
import org.underlay.core.plan.Plan;
import org.underlay.core.plan.Planner;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.SshOptions;
import org.underlay.ui.internal.DeployConsoles;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.PowerPoll;
import org.underlay.ui.internal.Tables;
import org.underlay.ui.internal.credentials.PromptingCredentials;
import org.underlay.ui.internal.credentials.SecureStorageCredentials;
import org.underlay.ui.internal.credentials.WorkbenchCredentials;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Drives the machines of one environment of the site being edited: per machine its live power state (polled from
 * its BMC while the view is visible), when it was last observed, how much drift that observation shows, and its
 * endpoints. Plan shows what would run, Collect observes, Apply runs the plan after a confirmation showing it and
 * its blast radius; the table's context menu powers, boots or collects the selected machines, confirming what cuts
 * power with the blast radius. The Drift view's Fix puts a corrective plan here. Everything long runs as a Job with
 * progress and cancel, through the one engine ({@link Applier}); each machine's output streams into its own Console
 * ({@link DeployConsoles}), the log below keeps the outcomes. Credentials: see {@link WorkbenchCredentials}; unknown
 * SSH host keys are offered for trust once and recorded in {@code .underlay/known_hosts}.
 */
public class DeployPart {

	public static final String ID = "org.underlay.ui.deploy";

	/** One table row: a machine of the plan, its last observation, and that observation's drift on it. */
	public record Row(Plan.Machine machine, ObservedMachine observed, long drift) {
	}

	private static final String OWN = "(each machine's own)";
	private static final String FIX = "(fix the chosen drift)";
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());
	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(ZoneId.systemDefault());
	static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
	/** How long after a fix its machines are collected again (a BMC reports a power state once it is reached). */
	static final Duration AFTER_FIX = Duration.ofSeconds(3);

	@Inject
	private MPart part;
	@Inject
	private EPartService partService;

	private Combo environments;
	private Combo workflows;
	private Button live;
	private Label heading;
	private TableViewer table;
	private Text log;
	private DesignSnapshot snapshot;
	private Plan plan;
	private Path root;
	/** The findings the Drift view asked to fix, while the workflow choice is {@link #FIX}. */
	private List<DriftFinding> fixing = List.of();
	private final List<String> logLines = new ArrayList<>();
	private final Map<String, String> power = new ConcurrentHashMap<>();
	private final PowerPoll poll = new PowerPoll(this::powerPolled, POLL_INTERVAL);
	/** What the poll runs on: the environment and machines it was started with. */
	private String polled;
	private final java.util.function.Consumer<DesignSnapshot> listener = this::show;
	private final IPartListener visibility = new IPartListener() {
		@Override
		public void partVisible(MPart visible) {
			if (visible == part) {
				restartPoll();
			}
		}

		@Override
		public void partHidden(MPart hidden) {
			if (hidden == part) {
				stopPoll();
			}
		}

		@Override
		public void partActivated(MPart activated) {
		}

		@Override
		public void partBroughtToTop(MPart top) {
		}

		@Override
		public void partDeactivated(MPart deactivated) {
		}
	};

	@PostConstruct
	public void create(Composite parent) {
		// the BMC drivers load and check their crypto before the first poll or action needs it
		org.underlay.bmc.BmcDrivers.prepareInBackground();
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
		environments.addListener(SWT.Selection, e -> {
			fixing = List.of();
			refresh();
		});
		new Label(bar, SWT.NONE).setText("Workflow:");
		workflows = new Combo(bar, SWT.READ_ONLY);
		workflows.setToolTipText("Run one workflow of the design on every machine, or each machine's own (its profiles')");
		workflows.addListener(SWT.Selection, e -> refresh());
		button(bar, "Plan\u2026", "Show what Apply would run, in order, and its blast radius", this::showPlan);
		button(bar, "Collect", "Observe every machine over its BMC and SSH, and store what was seen",
				() -> collect(null));
		button(bar, "Apply\u2026", "Run the plan on the machines of this environment", this::apply);
		button(bar, "Lab up", "Start the rehearsal lab of this site: simulated BMCs and SSH hosts on loopback, "
				+ "as its 'lab' environment binds them", this::labUp);
		button(bar, "Lab down", "Stop everything the rehearsal lab started", this::labDown);
		live = new Button(bar, SWT.CHECK);
		live.setText("Live power");
		live.setToolTipText("Ask every machine's BMC for its power state every " + POLL_INTERVAL.toSeconds()
				+ " s while this view is visible");
		live.setSelection(true);
		live.addListener(SWT.Selection, e -> {
			if (live.getSelection()) {
				restartPoll();
			} else {
				stopPoll();
			}
		});
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
		column(layout, "Machine", 12, r -> r.machine().name());
		column(layout, "Power", 9, r -> r.machine().bmc() == null ? "(no BMC)"
				: power.getOrDefault(r.machine().name(), live.getSelection() ? "\u2026" : ""));
		column(layout, "Last observed", 16, r -> r.observed() == null || r.observed().getObservedAt() == null ? "never"
				: when(Observations.instant(r.observed().getObservedAt()))
						+ (r.observed().isReachable() ? "" : " (unreachable)"));
		column(layout, "Drift", 6, r -> r.drift() > 0 ? Long.toString(r.drift()) : r.observed() == null ? "" : "none");
		column(layout, "BMC", 22, r -> r.machine().bmc() == null ? "" : r.machine().bmc().toString());
		column(layout, "SSH", 22, r -> r.machine().ssh() == null ? "" : r.machine().ssh().toString());
		table.addSelectionChangedListener(e -> {
			List<String> chosen = selected();
			if (chosen.size() == 1 && plan != null) {
				DeployConsoles.show(plan.environment(), chosen.get(0), false);
			}
		});
		contextMenu();
		log = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		sash.setWeights(75, 25);
		if (partService != null) {
			partService.addPartListener(visibility);
		}
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

	/** The selection's actions: power, boot once, collect; each a Job over the engine. */
	private void contextMenu() {
		MenuManager menu = new MenuManager();
		List<IAction> actions = List.of(
				action("Power On", () -> machineAction(Plan.Kind.POWER, "on")),
				action("Power Off\u2026", () -> machineAction(Plan.Kind.POWER, "off")),
				action("Power Cycle\u2026", () -> machineAction(Plan.Kind.POWER, "cycle")),
				action("Boot Once from PXE", () -> machineAction(Plan.Kind.BOOT, "pxe once")),
				action("Boot Once from Disk", () -> machineAction(Plan.Kind.BOOT, "disk once")),
				action("Collect", () -> collect(selected())),
				action("Show Console", () -> selected().forEach(m -> DeployConsoles.show(plan.environment(), m, true))),
				action("Forget Stored Credentials", this::forgetCredentials));
		for (int i = 0; i < actions.size(); i++) {
			if (i == 3 || i == 5 || i == 7) {
				menu.add(new Separator());
			}
			menu.add(actions.get(i));
		}
		menu.addMenuListener(m -> actions.forEach(a -> a.setEnabled(plan != null && !selected().isEmpty())));
		table.getTable().setMenu(menu.createContextMenu(table.getTable()));
	}

	private static IAction action(String text, Runnable run) {
		return new Action(text) {
			@Override
			public void run() {
				run.run();
			}
		};
	}

	@Focus
	public void focus() {
		table.getTable().setFocus();
	}

	@PreDestroy
	public void dispose() {
		poll.stop();
		if (partService != null) {
			partService.removePartListener(visibility);
		}
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
		if (!fixing.isEmpty()) {
			choices.add(FIX);
		}
		if (!List.of(workflows.getItems()).equals(choices)) {
			String was = workflows.getText();
			workflows.setItems(choices.toArray(String[]::new));
			workflows.setText(choices.contains(was) ? was : OWN);
		}
		refresh();
	}

	/** Re-plans for the chosen environment and reloads the last observation and its drift. */
	public void refresh() {
		String environment = environments.getText();
		if (snapshot == null || snapshot.site() == null || environment.isEmpty()) {
			plan = null;
			heading.setText(snapshot == null || snapshot.site() == null ? "Open a site design to deploy it."
					: "Site " + snapshot.site() + " has no environment: add 'environment lab for "
							+ snapshot.site() + " { ... }' to bind its machines.");
			table.setInput(List.of());
			stopPoll();
			return;
		}
		String choice = workflows.getText();
		List<DriftFinding> fix = FIX.equals(choice) ? fixing : null;
		String flow = choice.isEmpty() || OWN.equals(choice) || FIX.equals(choice) ? null : choice;
		DesignSnapshot shown = snapshot;
		// planning parses the design: off the UI thread, the table follows when it is done
		Job planning = Job.create("Planning " + environment + " of site " + shown.site(), monitor -> {
			Loaded loaded = DesignTracker.get().withSite(site -> load(site, environment, flow, fix));
			if (loaded != null && !table.getTable().isDisposed()) {
				table.getTable().getDisplay().asyncExec(() -> {
					if (!table.getTable().isDisposed() && environment.equals(environments.getText())) {
						showPlan(loaded);
					}
				});
			}
		});
		planning.setSystem(true);
		planning.schedule();
	}

	/** What the table shows, computed on the planning Job's thread. */
	private record Loaded(Plan plan, Path root, Observation observation, Map<String, Long> drift, String error) {
	}

	private static Loaded load(Site site, String environment, String flow, List<DriftFinding> fix) {
		Environment env = environmentOf(site, environment);
		if (env == null) {
			return null;
		}
		Path root = DesignFiles.rootOf(Path.of(site.eResource().getURI().toFileString()));
		Plan plan = fix != null ? Planner.fix(site, env, fix) : Planner.plan(site, env, flow);
		Observation observation;
		String error = null;
		try {
			observation = new ObservationStore(root).read(environment);
		} catch (java.io.IOException | RuntimeException e) {
			observation = Observations.observation(environment, null);
			error = "cannot read the last observation: " + e.getMessage();
		}
		Map<String, Long> drift = new java.util.HashMap<>();
		if (observation.getTakenAt() != null) {
			for (DriftFinding finding : Drift.compute(site, env, observation)) {
				drift.merge(finding.device(), 1L, Long::sum);
			}
		}
		return new Loaded(plan, root, observation, drift, error);
	}

	private static Environment environmentOf(Site site, String name) {
		return WorkPackage.environmentsOf(site).stream().filter(e -> e.getName().equals(name)).findFirst()
				.orElse(null);
	}

	private void showPlan(Loaded loaded) {
		plan = loaded.plan();
		root = loaded.root();
		if (loaded.error() != null) {
			append(loaded.error());
		}
		Map<String, ObservedMachine> observed = Observations.byName(loaded.observation());
		List<Row> rows = new ArrayList<>();
		List<Plan.Machine> machines = plan.machines();
		if (FIX.equals(workflows.getText())) {
			machines = allMachines();
		}
		for (Plan.Machine machine : machines) {
			rows.add(new Row(machine, observed.get(machine.name()), loaded.drift().getOrDefault(machine.name(), 0L)));
		}
		List<String> chosen = selected();
		table.setInput(rows);
		table.setSelection(new StructuredSelection(rows.stream().filter(r -> chosen.contains(r.machine().name()))
				.toList()));
		Observation observation = loaded.observation();
		String what = FIX.equals(workflows.getText())
				? "Fix: " + count(plan.actions().size(), "corrective action") + " on "
						+ count(plan.machines().size(), "machine") + ", for Apply\u2026"
				: count(plan.machines().size(), "machine") + ", " + count(plan.actions().size(), "action") + " planned";
		heading.setText(what + (plan.runnable() ? "" : " - " + count(plan.problems().size(), "problem")
				+ ", Apply is disabled")
				+ (observation.getTakenAt() == null ? "; never observed"
						: "; observed " + when(Observations.instant(observation.getTakenAt())))
				+ ". Right-click machines to act on them.");
		heading.getParent().layout(true);
		if (!(plan.environment() + " " + plan.machines()).equals(polled) && !FIX.equals(workflows.getText())) {
			restartPoll();
		}
	}

	/** The time of day for today's observations, the date and minute for older ones. */
	private static String when(Instant at) {
		java.time.LocalDate day = at.atZone(ZoneId.systemDefault()).toLocalDate();
		return day.equals(java.time.LocalDate.now()) ? CLOCK.format(at) : DAY.format(at);
	}

	private static String count(int n, String what) {
		return n + " " + what + (n == 1 ? "" : "s");
	}

	/** In fix mode the plan holds only the machines to fix; the table keeps showing all of them. */
	private List<Plan.Machine> allMachines() {
		List<Row> rows = rows();
		return rows == null || rows.isEmpty() ? plan.machines() : rows.stream().map(Row::machine).toList();
	}

	// -------------------------------------------------------------------------------------------------- power poll

	private void restartPoll() {
		if (plan == null || table.getTable().isDisposed() || !live.getSelection()
				|| (partService != null && part != null && !partService.isPartVisible(part))) {
			return;
		}
		List<Plan.Machine> machines = rows() == null ? plan.machines() : rows().stream().map(Row::machine).toList();
		polled = plan.environment() + " " + plan.machines();
		power.keySet().retainAll(machines.stream().map(Plan.Machine::name).toList());
		String environment = plan.environment();
		Path project = root;
		poll.start(environment, machines, () -> WorkbenchCredentials.sources(project, environment),
				() -> bmcOptions(environment));
	}

	private void stopPoll() {
		poll.stop();
		polled = null;
	}

	private void powerPolled(Map<String, String> round) {
		power.putAll(round);
		Display display = table.getTable().isDisposed() ? null : table.getTable().getDisplay();
		if (display != null) {
			display.asyncExec(() -> {
				if (!table.getTable().isDisposed()) {
					table.refresh();
				}
			});
		}
	}

	/** The live power state of a machine as the last poll saw it ("on", "off", "unreachable"), or null. */
	public String power(String machine) {
		return power.get(machine);
	}

	public boolean polling() {
		return poll.running();
	}

	/** BMC sessions the power poll holds open. */
	public int pollSessions() {
		return poll.openSessions();
	}

	// ---------------------------------------------------------------------------------------------------- actions

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
			table.getTable().getDisplay().asyncExec(this::restartPoll);
		});
	}

	private void labDown() {
		run("Stopping the rehearsal lab", monitor -> {
			var report = org.underlay.lab.Lab.down(org.underlay.lab.Lab.defaultStateDir());
			append(report.wasUp() ? "rehearsal lab stopped" : "no rehearsal lab was running");
			table.getTable().getDisplay().asyncExec(this::restartPoll);
		});
	}

	private void showPlan() {
		if (plan != null) {
			PlanDialog.show(table.getTable().getShell(), plan);
		}
	}

	/**
	 * Observes machines (all when {@code names} is null) and stores what was seen, merged into the environment's
	 * last observation; each machine's console shows what was observed.
	 */
	public Job collect(List<String> names) {
		return collect(names, Duration.ZERO);
	}

	private Job collect(List<String> names, Duration delay) {
		if (plan == null) {
			return null;
		}
		String environment = plan.environment();
		List<Plan.Machine> machines = (rows() == null ? plan.machines() : rows().stream().map(Row::machine).toList())
				.stream().filter(m -> names == null || names.contains(m.name())).toList();
		Path project = root;
		PromptingCredentials credentials = WorkbenchCredentials.forRun(project, environment,
				table.getTable().getDisplay());
		Applier applier = applier(project, environment, credentials);
		String what = names == null ? "every machine" : String.join(", ", names);
		revealConsoles(environment, machines.stream().map(Plan.Machine::name).toList());
		return run("Collecting " + what + " of " + environment, delay, monitor -> {
			try (credentials) {
				monitor.beginTask("Collecting", IProgressMonitor.UNKNOWN);
				String started = "--- collect in " + environment + ", " + TIME.format(Instant.now()) + " ---";
				machines.forEach(m -> DeployConsoles.header(environment, m.name(), started));
				Observation observation = applier.collect(environment, machines);
				ObservationStore store = new ObservationStore(project);
				Observation merged = names == null ? observation : store.read(environment);
				if (names != null) {
					for (ObservedMachine machine : List.copyOf(observation.getMachines())) {
						Observations.put(merged, org.eclipse.emf.ecore.util.EcoreUtil.copy(machine));
					}
					merged.setTakenAt(observation.getTakenAt());
				}
				store.write(merged);
				observation.getMachines().forEach(m -> describe(environment, m));
				observation.getMachines().stream().filter(m -> !m.isReachable())
						.forEach(m -> append(m.getName() + ": " + m.getError()));
				append("observed " + observation.getMachines().size() + " machines");
				DesignTracker.get().refresh();
			}
		});
	}

	/** What was observed of a machine, into its console. */
	private static void describe(String environment, ObservedMachine m) {
		String name = m.getName();
		if (!m.isReachable()) {
			DeployConsoles.error(environment, name, "unreachable: " + m.getError());
			return;
		}
		DeployConsoles.output(environment, name, "power " + m.getPower() + (m.getBootDevice() == null ? ""
				: ", boot override " + m.getBootDevice()));
		m.getFacts().forEach(f -> DeployConsoles.output(environment, name, f.getKey() + " = " + f.getValue()));
		m.getInterfaces().forEach(nic -> DeployConsoles.output(environment, name,
				"interface " + nic.getName() + " " + nic.getMac() + " " + String.join(" ", nic.getAddresses())));
		m.getNeighbours().forEach(n -> DeployConsoles.output(environment, name,
				"lldp " + n.getLocalPort() + " -> " + n.getSystem() + " " + n.getPort()));
		DeployConsoles.header(environment, name, "collected at " + TIME.format(Observations.instant(m.getObservedAt())));
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
		if (plan.actions().isEmpty()) {
			MessageDialog.openInformation(table.getTable().getShell(), "Apply", "The plan has nothing to do.");
			return;
		}
		if (!PlanDialog.confirm(table.getTable().getShell(), plan)) {
			return;
		}
		applyConfirmed();
	}

	/**
	 * Runs the current plan as a Job (the confirmation is the caller's) and collects its machines afterwards, so
	 * that the table's observation and drift show where they stand. A fix plan has a journal of its own (an earlier
	 * apply must not mark its actions done).
	 */
	public Job applyConfirmed() {
		boolean fix = FIX.equals(workflows.getText());
		Path journal = root.resolve(".underlay").resolve("journal").resolve(plan.environment()
				+ (fix ? "-fix-" + System.currentTimeMillis() : "") + ".jsonl");
		Plan planned = plan;
		return runPlan(plan, "Applying " + (fix ? "the fix" : "the plan") + " to " + plan.environment() + " of site "
				+ plan.site(), journal, () -> table.getTable().getDisplay().asyncExec(() -> {
					if (table.getTable().isDisposed()) {
						return;
					}
					if (fix) {
						fixing = List.of();
						workflows.setText(OWN);
					}
					// where the machines stand now: the table's observation and drift follow the apply (a BMC
					// reports the new power state only once its transition is over)
					collect(planned.machines().stream().map(Plan.Machine::name).toList(), AFTER_FIX);
					if (fix) {
						refresh();
					}
				}));
	}

	/**
	 * Powers or boots the selected machines: a plan of just that action, run by the engine like any other. What cuts
	 * power (off, cycle, reset, soft) is confirmed first, with what else it affects.
	 */
	private void machineAction(Plan.Kind kind, String detail) {
		List<String> chosen = selected();
		if (plan == null || chosen.isEmpty()) {
			return;
		}
		Plan actions = planActions(chosen, kind, detail);
		if (actions == null) {
			return;
		}
		if (!actions.runnable()) {
			MessageDialog.openError(table.getTable().getShell(), title(kind, detail), "This cannot run:\n"
					+ String.join("\n", actions.problems()));
			return;
		}
		if (kind == Plan.Kind.POWER && !detail.equals("on") && !MessageDialog.openConfirm(table.getTable().getShell(),
				title(kind, detail) + " " + String.join(", ", chosen) + "?", blastRadius(actions))) {
			return;
		}
		runActions(actions);
	}

	private static String title(Plan.Kind kind, String detail) {
		String text = kind.name().toLowerCase(Locale.ROOT) + " " + detail;
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	private static String blastRadius(Plan actions) {
		StringBuilder text = new StringBuilder(title(actions.actions().get(0).kind(), actions.actions().get(0).detail()))
				.append(" on ").append(actions.machines().size()).append(actions.machines().size() == 1 ? " machine" : " machines")
				.append(" of ").append(actions.environment()).append(": ")
				.append(String.join(", ", actions.machines().stream().map(Plan.Machine::name).toList())).append(".\n")
				.append(switch (actions.actions().get(0).detail()) {
				case "off" -> "Power is cut at once, without shutting the operating system down.";
				case "cycle" -> "Power is cut at once and turned on again, without shutting the operating system down.";
				case "reset" -> "The machine is reset at once, without shutting the operating system down.";
				default -> "The operating system is asked to shut down.";
				}).append("\n\n");
		if (actions.blastRadius().isEmpty()) {
			text.append("Blast radius: nothing beyond these machines.");
		} else {
			text.append("Blast radius - this also affects:\n");
			actions.blastRadius().forEach((m, affected) -> text.append("  ").append(m).append(": ")
					.append(String.join(", ", affected)).append('\n'));
		}
		return text.toString();
	}

	/** The plan of one action on these machines (parses the design: called for an operator's click). */
	public Plan planActions(List<String> machines, Plan.Kind kind, String detail) {
		String environment = plan.environment();
		Plan[] result = new Plan[1];
		BusyIndicator.showWhile(table.getTable().getDisplay(), () -> result[0] = DesignTracker.get().withSite(site -> {
			Environment env = environmentOf(site, environment);
			return env == null ? null : Planner.actions(site, env, machines, kind, detail);
		}));
		return result[0];
	}

	/** Runs a plan of machine actions (confirmed by the caller) and polls the power right after. */
	public Job runActions(Plan actions) {
		Path journal = root.resolve(".underlay").resolve("journal").resolve(actions.environment() + "-"
				+ actions.workflow().replace(' ', '-') + "-" + System.currentTimeMillis() + ".jsonl");
		return runPlan(actions, title(actions.actions().get(0).kind(), actions.actions().get(0).detail()) + " "
				+ String.join(", ", actions.machines().stream().map(Plan.Machine::name).toList()) + " ("
				+ actions.environment() + ")", journal, poll::now);
	}

	/** Applies a plan through the engine as a Job: progress per action, output into each machine's console. */
	private Job runPlan(Plan planned, String name, Path journalFile, Runnable afterwards) {
		Path project = root;
		PromptingCredentials credentials = WorkbenchCredentials.forRun(project, planned.environment(),
				table.getTable().getDisplay());
		Applier applier = applier(project, planned.environment(), credentials);
		String environment = planned.environment();
		revealConsoles(environment, planned.machines().stream().map(Plan.Machine::name).toList());
		return run(name, monitor -> {
			try (credentials) {
				monitor.beginTask(name, planned.actions().size());
				String started = "--- " + (planned.workflow() == null ? "apply" : planned.workflow()) + " in "
						+ environment + ", " + TIME.format(Instant.now()) + " ---";
				planned.machines().forEach(m -> DeployConsoles.header(environment, m.name(), started));
				try (Journal journal = Journal.open(journalFile)) {
					Applier.Report report = applier.apply(planned, journal, new Applier.Listener() {
						@Override
						public void action(String machine, Plan.Action action, Journal.Status status, String message) {
							String what = (action.id() + " " + action.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
									+ " " + action.detail()).strip();
							if (status == Journal.Status.STARTED) {
								monitor.subTask(machine + ": " + what);
								DeployConsoles.header(environment, machine, "[" + what + "]");
								return;
							}
							monitor.worked(1);
							append(machine + " " + what + ": " + (status == Journal.Status.DONE ? "done" : "FAILED " + message));
							if (status == Journal.Status.FAILED) {
								DeployConsoles.error(environment, machine, "FAILED: " + message);
							}
						}

						@Override
						public void output(String machine, String line) {
							DeployConsoles.output(environment, machine, line);
						}
					});
					for (Applier.MachineResult result : report.machines()) {
						String outcome = result.ok() ? "ok (" + result.done() + " done, " + result.skipped()
								+ " already done)" : "FAILED: " + result.error();
						append(result.machine() + ": " + (result.ok() ? "ok" : "FAILED: " + result.error()));
						if (result.ok()) {
							DeployConsoles.header(environment, result.machine(), outcome);
						} else {
							DeployConsoles.error(environment, result.machine(), outcome);
						}
					}
				}
			} finally {
				afterwards.run();
			}
		});
	}

	/**
	 * Creates the consoles of a run's machines now (the Console view shows each console added, so adding them as
	 * output arrives would flip through them) and brings up the Console view with the first, unless it would cover
	 * this view (same stack).
	 */
	private void revealConsoles(String environment, List<String> machines) {
		if (machines.isEmpty()) {
			return;
		}
		machines.forEach(m -> DeployConsoles.console(environment, m));
		String machine = machines.get(0);
		boolean covers = false;
		if (partService != null && part != null) {
			MPart console = partService.findPart(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW);
			covers = console != null && stackOf(console) != null && stackOf(console) == stackOf(part);
		}
		DeployConsoles.show(environment, machine, !covers);
	}

	private static MUIElement stackOf(MPart part) {
		MUIElement ref = part.getCurSharedRef() != null ? part.getCurSharedRef() : part;
		return ref.getParent();
	}

	private void forgetCredentials() {
		SecureStorageCredentials storage = WorkbenchCredentials.storage();
		if (storage == null || plan == null) {
			return;
		}
		java.util.Set<String> names = new java.util.TreeSet<>();
		for (Row row : rows()) {
			if (selected().contains(row.machine().name())) {
				for (Plan.Endpoint e : new Plan.Endpoint[] { row.machine().bmc(), row.machine().ssh() }) {
					if (e != null && e.credential() != null) {
						names.add(e.credential());
					}
				}
			}
		}
		List<String> forgotten = new ArrayList<>();
		for (String name : names) {
			try {
				if (storage.remove(name)) {
					forgotten.add(name);
				}
			} catch (CredentialsException e) {
				append(e.getMessage());
			}
		}
		append(forgotten.isEmpty() ? "no stored credential of " + String.join(", ", names) + " to forget"
				: "forgot the stored credentials " + String.join(", ", forgotten)
						+ "; the next run asks for them again");
	}

	private interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	/** A Job with progress; cancelling it interrupts the work (the engine stops at the next action). */
	private Job run(String name, Work work) {
		return run(name, Duration.ZERO, work);
	}

	private Job run(String name, Duration delay, Work work) {
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
					monitor.done();
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
		job.schedule(delay.toMillis());
		return job;
	}

	private static Map<String, String> bmcOptions(String environment) {
		Path lab = WorkbenchCredentials.runningLab(environment);
		return lab != null ? Map.of("redfish.tls.caFile", lab.resolve("redfish-ca.pem").toString()) : Map.of();
	}

	/** On the UI thread: what the engine needs to reach the machines (it then runs on a Job's thread). */
	private Applier applier(Path project, String environment, CredentialsProvider credentials) {
		Display display = table.getTable().getDisplay();
		HostKeyVerifier ask = key -> {
			boolean[] trust = new boolean[1];
			display.syncExec(() -> trust[0] = MessageDialog.openQuestion(display.getActiveShell(), "Unknown host key",
					"The SSH host " + key.hostAndPort() + " presents a " + key.keyType() + " key\n" + key.fingerprint()
							+ "\nthat is not known yet. Trust it from now on?"));
			return trust[0];
		};
		Path lab = WorkbenchCredentials.runningLab(environment);
		SshOptions ssh = SshOptions.defaults()
				.withKnownHosts(lab != null ? lab.resolve("known_hosts") : project.resolve(".underlay").resolve("known_hosts"))
				.withHostKeyVerifier(ask).withConnectTimeout(Duration.ofSeconds(10));
		return new Applier(credentials, ssh, 16, 3, Duration.ofSeconds(10), Duration.ofMinutes(30), project,
				bmcOptions(environment));
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

	// ------------------------------------------------------------------------------------ for the Drift view, tests

	/**
	 * Puts the corrective actions for these findings into this view's plan (workflow choice "fix the chosen drift"):
	 * Plan… shows them, Apply… runs them.
	 */
	public void fix(String environment, List<DriftFinding> findings) {
		fixing = List.copyOf(findings);
		if (List.of(environments.getItems()).contains(environment)) {
			environments.setText(environment);
		}
		if (!List.of(workflows.getItems()).contains(FIX)) {
			workflows.add(FIX);
		}
		workflows.setText(FIX);
		refresh();
	}

	/** Whether the plan shown is a fix plan from the Drift view. */
	public boolean fixing() {
		return FIX.equals(workflows.getText());
	}

	@SuppressWarnings("unchecked")
	public List<Row> rows() {
		return (List<Row>) table.getInput();
	}

	public List<String> selected() {
		List<String> names = new ArrayList<>();
		for (Object o : table.getStructuredSelection().toList()) {
			names.add(((Row) o).machine().name());
		}
		return names;
	}

	/** Selects machines in the table, as a click would. */
	public void select(List<String> machines) {
		table.setSelection(new StructuredSelection(rows().stream().filter(r -> machines.contains(r.machine().name()))
				.toList()), true);
	}

	/** The text the table shows in a column ("Power", "Drift", ...) of a machine's row. */
	public String cell(String machine, String column) {
		int index = -1;
		TableColumn[] columns = table.getTable().getColumns();
		for (int i = 0; i < columns.length; i++) {
			if (columns[i].getText().equals(column)) {
				index = i;
			}
		}
		for (TableItem item : table.getTable().getItems()) {
			if (item.getData() instanceof Row r && r.machine().name().equals(machine)) {
				return item.getText(index);
			}
		}
		return null;
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
