package org.underlay.ui.internal.views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Tables;

/**
 * Where reality differs from the design: the last observation stored in the project ({@code underlay collect})
 * against the text being edited, per machine and cable. The same differences outline the devices in the rack
 * elevation and the topology. Double-click a row to open the device's declaration. Fix puts the corrective actions
 * for the chosen differences (power, boot device) into the Deploy view's plan, where Apply runs them.
 */
public class DriftPart extends DesignView {

	public static final String ID = "org.underlay.ui.drift";

	@jakarta.inject.Inject
	private EPartService partService;

	private Label heading;
	private TableViewer table;

	@Override
	protected Control create(Composite parent) {
		parent.setLayout(new GridLayout(3, false));
		heading = heading(parent);
		Button accept = new Button(parent, SWT.PUSH);
		accept.setText("Accept observed into design");
		accept.setToolTipText("Write what was observed into the design where the design states it (MAC, address, "
				+ "desired power or boot, an interface gone or new, a re-patched or new cable); the edit is unsaved "
				+ "and undoable in the editor");
		accept.addListener(SWT.Selection, e -> {
			if (table.getStructuredSelection().getFirstElement() instanceof DriftFinding finding) {
				var acceptance = DesignTracker.get().acceptObserved(finding);
				if (!acceptance.accepted()) {
					MessageDialog.openInformation(table.getTable().getShell(),
							"Accept observed", acceptance.refusal());
				}
			}
		});
		Button fix = new Button(parent, SWT.PUSH);
		fix.setText("Fix");
		fix.setToolTipText("Plan the corrective actions for the selected differences (all when none is selected) "
				+ "in the Deploy view: power to the desired state, the desired boot device. Apply runs them there.");
		fix.addListener(SWT.Selection, e -> fixSelected());
		Composite holder = new Composite(parent, SWT.NONE);
		holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.MULTI);
		column(layout, "Machine", 14, DriftFinding::device);
		column(layout, "Kind", 12, f -> f.kind().name().toLowerCase());
		column(layout, "What", 18, f -> f.subject().label());
		column(layout, "Designed", 28, f -> f.designed() == null ? "" : f.designed());
		column(layout, "Observed", 28, f -> f.observed() == null ? "" : f.observed());
		table.addDoubleClickListener(e -> {
			if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof DriftFinding finding) {
				tracker.reveal("device:" + finding.device());
			}
		});
		return table.getTable();
	}

	private void column(TableColumnLayout layout, String title, int weight, Function<DriftFinding, String> text) {
		Tables.column(table, layout, title, weight, 60, DriftFinding.class, text);
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
		heading.setText(snapshot.site() == null ? "Open a site design to compare it with what was observed."
				: snapshot.driftEnvironment() == null
						? "Nothing observed yet for site " + snapshot.site()
								+ ": run 'underlay collect <design folder> --site " + snapshot.site()
								+ " --environment lab' (or production)."
						: snapshot.drift().isEmpty() ? "Site " + snapshot.site() + ", environment "
								+ snapshot.driftEnvironment() + ": no drift."
								: "Site " + snapshot.site() + ", environment " + snapshot.driftEnvironment() + ": "
										+ snapshot.drift().size() + " differences on "
										+ snapshot.driftByDevice().size() + " machines.");
		heading.getParent().layout(true);
		table.setInput(snapshot.drift());
	}

	/** What an action can correct: a machine's power or boot device differing from the design. */
	public static boolean fixable(DriftFinding finding) {
		return finding.kind() == DriftFinding.Kind.MISMATCH
				&& (finding.subject() instanceof DriftSubject.Power || finding.subject() instanceof DriftSubject.Boot);
	}

	/**
	 * Hands the corrective actions for the selected findings (all when none is selected) to the Deploy view, which
	 * shows them as its plan; null when nothing selected can be fixed by an action.
	 */
	public DeployPart fixSelected() {
		DesignSnapshot snapshot = snapshot();
		if (snapshot == null || snapshot.driftEnvironment() == null) {
			return null;
		}
		List<DriftFinding> chosen = new ArrayList<>();
		for (Object o : table.getStructuredSelection().toList()) {
			chosen.add((DriftFinding) o);
		}
		if (chosen.isEmpty()) {
			chosen.addAll(snapshot.drift());
		}
		List<DriftFinding> fixable = chosen.stream().filter(DriftPart::fixable).toList();
		if (fixable.isEmpty()) {
			MessageDialog.openInformation(table.getTable().getShell(), "Fix",
					"No action corrects " + (chosen.size() == 1 ? "this difference" : "these differences")
							+ ": only a machine's power and boot device are set by the BMC. A MAC, an address or a "
							+ "cable needs a person, or 'Accept observed into design'.");
			return null;
		}
		var deployPart = partService.showPart(DeployPart.ID, EPartService.PartState.ACTIVATE);
		if (deployPart == null || !(deployPart.getObject() instanceof DeployPart deploy)) {
			return null;
		}
		deploy.fix(snapshot.driftEnvironment(), fixable);
		return deploy;
	}

	/** Selects findings in the table, as a click would. */
	public void select(List<DriftFinding> findings) {
		table.setSelection(new StructuredSelection(findings), true);
	}

	@SuppressWarnings("unchecked")
	public List<DriftFinding> rows() {
		return (List<DriftFinding>) table.getInput();
	}

	public String heading() {
		return heading.getText();
	}
}
