package org.underlay.ui.internal.views;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.underlay.deploy.session.PowerWatch;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.plan.Plan;
import org.underlay.ui.internal.PowerPoll;
import org.underlay.ui.internal.Tables;

/**
 * The Deploy view's table: per machine of the environment its live power state (a {@link PowerWatch} polled while
 * the view is visible), when it was last observed, how much drift that observation shows, and its endpoints.
 */
public final class MachineTable {

	/** One row: a machine of the environment, its last observation, and that observation's drift on it. */
	public record Row(Plan.Machine machine, ObservedMachine observed, long drift) {
	}

	static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(ZoneId.systemDefault());

	private final TableViewer table;
	private final BooleanSupplier live;
	private final Map<String, String> power = new ConcurrentHashMap<>();
	private final PowerPoll poll = new PowerPoll(this::powerPolled, POLL_INTERVAL);
	/** What the poll runs on: the environment and machines it was started with. */
	private String polled;

	/** @param live whether the power is watched (the view's "Live power") */
	MachineTable(Composite parent, BooleanSupplier live) {
		this.live = live;
		Composite holder = new Composite(parent, SWT.NONE);
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.MULTI);
		column(layout, "Machine", 12, r -> r.machine().name());
		column(layout, "Power", 9, r -> r.machine().bmc() == null ? "(no BMC)"
				: power.getOrDefault(r.machine().name(), live.getAsBoolean() ? "\u2026" : ""));
		column(layout, "Last observed", 16, r -> r.observed() == null || r.observed().getObservedAt() == null ? "never"
				: when(Observations.instant(r.observed().getObservedAt()))
						+ (r.observed().isReachable() ? "" : " (unreachable)")
						+ (r.observed().getLastAttemptError() == null ? "" : " (last attempt failed)"));
		column(layout, "Drift", 6, r -> r.drift() > 0 ? Long.toString(r.drift()) : r.observed() == null ? "" : "none");
		column(layout, "BMC", 22, r -> r.machine().bmc() == null ? "" : r.machine().bmc().toString());
		column(layout, "SSH", 22, r -> r.machine().ssh() == null ? "" : r.machine().ssh().toString());
	}

	private void column(TableColumnLayout layout, String title, int weight, Function<Row, String> text) {
		Tables.column(table, layout, title, weight, 50, Row.class, text);
	}

	TableViewer viewer() {
		return table;
	}

	/** The time of day for today's observations, the date and minute for older ones. */
	static String when(Instant at) {
		return at.atZone(ZoneId.systemDefault()).toLocalDate().equals(LocalDate.now()) ? CLOCK.format(at)
				: DAY.format(at);
	}

	/** Shows these rows, keeping the selection of machines still there. */
	void show(List<Row> rows) {
		List<String> chosen = selected();
		table.setInput(rows);
		table.setSelection(new StructuredSelection(rows.stream().filter(r -> chosen.contains(r.machine().name()))
				.toList()));
	}

	@SuppressWarnings("unchecked")
	public List<Row> rows() {
		return (List<Row>) table.getInput();
	}

	public List<String> selected() {
		return table.getStructuredSelection().toList().stream().map(o -> ((Row) o).machine().name()).toList();
	}

	/** Selects machines, as a click would. */
	public void select(List<String> machines) {
		table.setSelection(new StructuredSelection(rows().stream().filter(r -> machines.contains(r.machine().name()))
				.toList()), true);
	}

	/** The credential names of these machines' endpoints. */
	public List<String> credentialsOf(List<String> machines) {
		TreeSet<String> names = new TreeSet<>();
		for (Row row : rows()) {
			if (machines.contains(row.machine().name())) {
				for (Plan.Endpoint e : new Plan.Endpoint[] { row.machine().bmc(), row.machine().ssh() }) {
					if (e != null && e.credential() != null) {
						names.add(e.credential());
					}
				}
			}
		}
		return List.copyOf(names);
	}

	/** The text a column ("Power", "Drift", ...) shows for a machine. */
	public String cell(String machine, String column) {
		TableColumn[] columns = table.getTable().getColumns();
		for (TableItem item : table.getTable().getItems()) {
			if (item.getData() instanceof Row r && r.machine().name().equals(machine)) {
				for (int i = 0; i < columns.length; i++) {
					if (columns[i].getText().equals(column)) {
						return item.getText(i);
					}
				}
			}
		}
		return null;
	}

	// -------------------------------------------------------------------------------------------------- power poll

	/**
	 * Watches the power of these machines from now on, unless the watch already runs on them.
	 *
	 * @param watch opens the watch when it is to start
	 */
	void watch(String environment, List<Plan.Machine> machines, Function<List<Plan.Machine>, PowerWatch> watch,
			boolean restart) {
		String what = environment + " " + machines;
		if (!restart && what.equals(polled)) {
			return;
		}
		polled = what;
		power.keySet().retainAll(machines.stream().map(Plan.Machine::name).toList());
		poll.start(environment, watch.apply(machines));
	}

	void stopWatching() {
		poll.stop();
		polled = null;
	}

	/** Polls again now instead of at the next interval (after a power action). */
	void pollNow() {
		poll.now();
	}

	private void powerPolled(Map<String, String> round) {
		power.putAll(round);
		if (!table.getTable().isDisposed()) {
			table.getTable().getDisplay().asyncExec(() -> {
				if (!table.getTable().isDisposed()) {
					table.refresh();
				}
			});
		}
	}

	/** The power state the last poll saw ("on", "off", "unreachable"), or null. */
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
}
