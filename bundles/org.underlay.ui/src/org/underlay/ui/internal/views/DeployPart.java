package org.underlay.ui.internal.views;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.services.EMenuService;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.underlay.bmc.BmcDrivers;
import org.underlay.deploy.session.EnvironmentSession;
import org.underlay.deploy.session.InvalidDesignException;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.plan.Plan;
import org.underlay.ui.internal.DeployConsoles;
import org.underlay.ui.internal.DeployRuns;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.PartModel;
import org.underlay.ui.internal.PartVisibility;
import org.underlay.ui.internal.PowerPoll;
import org.underlay.ui.internal.WorkbenchSessions;

import jakarta.inject.Inject;

/**
 * Drives the machines of one environment of the site being edited ({@link MachineTable}: live power, last
 * observation, drift, endpoints). Its actions are the commands of the model fragment, whose handlers
 * ({@code org.underlay.ui.internal.handlers}) find this view, the selected machines and its {@link DeployRuns} in
 * the view's context: Plan shows what would run, Collect observes, Apply runs the plan after a confirmation showing
 * it and its blast radius (the view's tool bar and menu); the table's context menu powers, boots or collects the
 * selected machines, confirming what cuts power with the blast radius. The Drift view's Fix puts a corrective plan
 * here. Everything goes through the environment's {@link EnvironmentSession} (its lab, known_hosts, journal and lock;
 * a design with errors is neither planned nor applied) as Jobs with progress and cancel ({@link DeployRuns}); each
 * machine's output streams into its own Console, the log below keeps the outcomes.
 */
public class DeployPart extends DesignView {

	public static final String ID = "org.underlay.ui.deploy";
	/** The context's name for the machines selected in the table (a list of names), for the handlers. */
	public static final String SELECTED_MACHINES = "org.underlay.ui.deploy.selectedMachines";
	/** The table's context menu in the model fragment. */
	static final String MACHINE_MENU = "org.underlay.ui.deploy.machines";

	private static final String OWN = "(each machine's own)";
	private static final String FIX = "(fix the chosen drift)";
	/** How long after an apply its machines are collected (a BMC reports a power state once it is reached). */
	static final Duration AFTER_APPLY = Duration.ofSeconds(3);

	@Inject
	private MPart part;
	@Inject
	private EPartService partService;
	@Inject
	private IEclipseContext context;
	@Inject
	private IEventBroker events;

	private Combo environments;
	private Combo workflows;
	private Button live;
	private Label heading;
	private MachineTable table;
	private Text log;
	private DeployRuns runs;
	/** The last planning: the environment's session, its plan (null when refused), its machines. */
	private DeployState loaded;
	/** The findings the Drift view asked to fix, while the workflow choice is {@link #FIX}. */
	private List<DriftFinding> fixing = List.of();
	private final List<String> logLines = new ArrayList<>();
	private PartVisibility visibility;

	@Override
	protected Control create(Composite parent) {
		// the BMC drivers load and check their crypto before the first poll or action needs it
		BmcDrivers.prepareInBackground();
		PartModel.adoptDescriptor(part, context.get(EModelService.class));
		parent.setLayout(new GridLayout(1, false));
		// the controls wrap onto a second row when the view is narrow
		Composite bar = new Composite(parent, SWT.NONE);
		RowLayout row = new RowLayout(SWT.HORIZONTAL);
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
		live = new Button(bar, SWT.CHECK);
		live.setText("Live power");
		live.setToolTipText("Ask every machine's BMC for its power state every "
				+ MachineTable.POLL_INTERVAL.toSeconds() + " s while this view is visible");
		live.setSelection(true);
		live.addListener(SWT.Selection, e -> watchPower(true));
		heading = heading(parent);
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		table = new MachineTable(sash, live::getSelection);
		context.set(SELECTED_MACHINES, List.of());
		table.viewer().addSelectionChangedListener(e -> {
			context.set(SELECTED_MACHINES, table.selected());
			if (table.selected().size() == 1 && loaded != null) {
				DeployConsoles.show(loaded.session().environment(), table.selected().get(0), false);
			}
		});
		context.get(EMenuService.class).registerContextMenu(table.viewer().getTable(), MACHINE_MENU);
		log = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		log.addListener(SWT.Resize, e -> log.getDisplay().asyncExec(this::followLogEnd));
		sash.setWeights(75, 25);
		runs = new DeployRuns(parent.getDisplay(), this::append);
		context.set(DeployRuns.class, runs);
		context.set(DeployPart.class, this);
		visibility = new PartVisibility(part, () -> watchPower(true), table::stopWatching);
		if (partService != null) {
			partService.addPartListener(visibility);
		}
		return table.viewer().getTable();
	}

	@Override
	protected void disposed() {
		table.stopWatching();
		if (partService != null) {
			partService.removePartListener(visibility);
		}
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
		List<String> names = snapshot.environments();
		String chosen = environments.getText();
		if (!List.of(environments.getItems()).equals(names)) {
			environments.setItems(names.toArray(String[]::new));
			environments.setText(names.contains(chosen) ? chosen : names.contains("lab") ? "lab"
					: names.isEmpty() ? "" : names.get(0));
			environments.getParent().getParent().layout(true, true);
		}
		List<String> choices = new ArrayList<>();
		choices.add(OWN);
		choices.addAll(snapshot.workflows());
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
		DesignSnapshot snapshot = snapshot();
		if (snapshot == null || snapshot.site() == null || environment.isEmpty()) {
			loaded = null;
			actionsChanged();
			heading.setText(snapshot == null || snapshot.site() == null ? "Open a site design to deploy it."
					: "Site " + snapshot.site() + " has no environment: add 'environment lab for "
							+ snapshot.site() + " { ... }' to bind its machines.");
			table.show(List.of());
			table.stopWatching();
			return;
		}
		List<DriftFinding> fix = fixing() ? fixing : null;
		String flow = workflows.getText().isEmpty() || OWN.equals(workflows.getText()) || fixing() ? null
				: workflows.getText();
		List<String> errors = snapshot.designErrors();
		// planning parses the design: off the UI thread, the table follows when it is done
		Job planning = Job.create("Planning " + environment + " of site " + snapshot.site(), monitor -> {
			DeployState now = WorkbenchSessions.withSession(tracker, environment, errors,
					session -> DeployState.load(session, flow, fix));
			if (now != null && !log.isDisposed()) {
				log.getDisplay().asyncExec(() -> {
					if (!log.isDisposed() && environment.equals(environments.getText())) {
						showLoaded(now);
					}
				});
			}
		});
		planning.setSystem(true);
		planning.schedule();
	}

	private void showLoaded(DeployState now) {
		loaded = now;
		if (now.error() != null) {
			append(now.error());
		}
		table.show(now.rows());
		heading.setText(now.heading(fixing()));
		heading.getParent().layout(true);
		watchPower(false);
		actionsChanged();
	}

	/** The handlers' enablement follows what is loaded (tool bar items are asked again on this request). */
	private void actionsChanged() {
		events.send(UIEvents.REQUEST_ENABLEMENT_UPDATE_TOPIC, UIEvents.ALL_ELEMENT_ID);
	}

	/** Watches the machines' power while the view is visible and Live power is on. */
	private void watchPower(boolean restart) {
		if (loaded == null || log.isDisposed() || !live.getSelection()
				|| (partService != null && part != null && !partService.isPartVisible(part))) {
			table.stopWatching();
		} else {
			EnvironmentSession session = loaded.session();
			table.watch(session.environment(), loaded.machines(),
					machines -> session.powerWatch(machines, PowerPoll.BMC_TIMEOUT), restart);
		}
	}

	// ---------------------------------------------------------------------------------------------------- actions

	/** Whether an environment's machines are shown: what every action needs. */
	public boolean loaded() {
		return loaded != null;
	}

	/** The environment shown, or null. */
	public String environment() {
		return loaded == null ? null : loaded.session().environment();
	}

	/**
	 * Why the design's errors refuse {@code what} ("Apply"), also said in the log; null when nothing refuses it (or
	 * nothing is loaded).
	 */
	public String refusal(String what) {
		if (loaded == null || loaded.invalid() == null) {
			return null;
		}
		String why = DeployRuns.refusal(loaded.invalid());
		append(what + " refused: " + why);
		return why;
	}

	/** The rehearsal lab went up or down: the power watch starts again (any thread). */
	public void labChanged() {
		log.getDisplay().asyncExec(() -> watchPower(true));
	}

	/**
	 * Observes machines (all when {@code names} is null) and stores what was seen, merged into the environment's
	 * last observation; each machine's console shows what was observed.
	 */
	public Job collect(List<String> names) {
		return collect(names, Duration.ZERO);
	}

	private Job collect(List<String> names, Duration delay) {
		if (loaded == null) {
			return null;
		}
		List<Plan.Machine> machines = loaded.machines().stream().filter(m -> names == null || names.contains(m.name()))
				.toList();
		revealConsoles(loaded.session().environment(), machines);
		return runs.collect(loaded.session(), machines, names == null ? "every machine" : String.join(", ", names),
				delay, tracker::refresh);
	}

	/**
	 * Runs the current plan as a Job (the confirmation is the caller's) and then collects its machines, so that the
	 * table's observation and drift show where they stand; null, with the reason in the log, when the design's
	 * errors refuse it.
	 */
	public Job applyConfirmed() {
		if (loaded == null || refusal("Apply") != null) {
			return null;
		}
		boolean fix = fixing();
		Plan planned = loaded.plan();
		return run(planned, "Applying " + (fix ? "the fix" : "the plan") + " to " + planned.environment() + " of site "
				+ planned.site(), "workbench apply of " + (fix ? "a fix" : planned.workflow() == null
						? "each machine's own workflows" : planned.workflow()),
				() -> log.getDisplay().asyncExec(() -> {
					if (log.isDisposed()) {
						return;
					}
					if (fix) {
						fixing = List.of();
						workflows.setText(OWN);
						refresh();
					}
					collect(planned.machines().stream().map(Plan.Machine::name).toList(), AFTER_APPLY);
				}));
	}

	private Job run(Plan plan, String name, String purpose, Runnable afterwards) {
		revealConsoles(plan.environment(), plan.machines());
		return runs.apply(loaded.session(), plan, name, purpose, afterwards);
	}

	/**
	 * The plan of one action on these machines (parses the design: called for an operator's click); null, with the
	 * reason in the log, when the design's errors refuse it.
	 */
	public Plan planActions(List<String> machines, Plan.Kind kind, String detail) {
		if (loaded == null) {
			return null;
		}
		String environment = loaded.session().environment();
		Object[] result = new Object[1];
		BusyIndicator.showWhile(log.getDisplay(), () -> {
			try {
				result[0] = WorkbenchSessions.withSession(tracker, environment, snapshot().designErrors(),
						session -> session.actions(machines, kind, detail));
			} catch (InvalidDesignException e) {
				append(PlanDialog.title(kind, detail) + " refused: " + DeployRuns.refusal(e));
			}
		});
		return (Plan) result[0];
	}

	/** Runs a plan of machine actions (confirmed by the caller) and polls the power right after. */
	public Job runActions(Plan actions) {
		Plan.Action first = actions.actions().get(0);
		String what = PlanDialog.title(first.kind(), first.detail());
		String machines = String.join(", ", actions.machines().stream().map(Plan.Machine::name).toList());
		return run(actions, what + " " + machines + " (" + actions.environment() + ")",
				"workbench " + what.toLowerCase(Locale.ROOT) + " " + machines, table::pollNow);
	}

	private void revealConsoles(String environment, List<Plan.Machine> machines) {
		DeployConsoles.reveal(environment, machines.stream().map(Plan.Machine::name).toList(), partService, part);
	}

	/** Adds a line to the view's log (any thread). */
	public void append(String line) {
		synchronized (logLines) {
			logLines.add(line);
		}
		if (!log.isDisposed()) {
			log.getDisplay().asyncExec(() -> {
				if (!log.isDisposed()) {
					log.append(line + "\n");
				}
			});
		}
	}

	/**
	 * Keeps the log's last lines at its bottom when it grows (the view maximized), unless the operator has put the
	 * caret elsewhere: the text widget keeps its scroll position, which would leave the last line at the top.
	 */
	private void followLogEnd() {
		if (!log.isDisposed() && log.getCaretPosition() == log.getCharCount()) {
			// one line more than fits: the text fills the log to its bottom edge (the last line is the empty one)
			int visible = Math.max(1, log.getClientArea().height / Math.max(1, log.getLineHeight()));
			log.setTopIndex(Math.max(0, log.getLineCount() - visible - 1));
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

	/** The machines, their power, observation and drift (tests read its cells). */
	public MachineTable table() {
		return table;
	}

	/** Chooses the workflow to plan (tests; the combo's choice). */
	public void chooseWorkflow(String name) {
		workflows.setText(name == null ? OWN : name);
		refresh();
	}

	/** The plan shown; null while the design's errors refuse one. */
	public Plan plan() {
		return loaded == null ? null : loaded.plan();
	}

	/** The journal every apply to the environment shown goes into. */
	public Path journal() {
		return loaded == null ? null : loaded.session().journalFile();
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
