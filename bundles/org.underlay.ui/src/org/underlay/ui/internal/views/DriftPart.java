package org.underlay.ui.internal.views;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.underlay.core.drift.DriftFinding;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Tables;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Where reality differs from the design: the last observation stored in the project ({@code underlay collect})
 * against the text being edited, per machine and cable. The same differences outline the devices in the rack
 * elevation and the topology. Double-click a row to open the device's declaration.
 */
public class DriftPart {

	public static final String ID = "org.underlay.ui.drift";

	private Label heading;
	private TableViewer table;
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new GridLayout(2, false));
		heading = new Label(parent, SWT.WRAP);
		heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		org.eclipse.swt.widgets.Button accept = new org.eclipse.swt.widgets.Button(parent, SWT.PUSH);
		accept.setText("Accept observed into design");
		accept.setToolTipText("Write the observed value where the design states it (MAC, address, desired power or "
				+ "boot); the edit is unsaved and undoable in the editor");
		accept.addListener(SWT.Selection, e -> {
			if (table.getStructuredSelection().getFirstElement() instanceof DriftFinding finding
					&& DesignTracker.get().acceptObserved(finding) == null) {
				org.eclipse.jface.dialogs.MessageDialog.openInformation(table.getTable().getShell(), "Accept observed",
						"The design does not state '" + finding.subject() + "' of " + finding.device()
								+ " in one place: change it by hand.");
			}
		});
		Composite holder = new Composite(parent, SWT.NONE);
		holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		TableColumnLayout layout = new TableColumnLayout();
		holder.setLayout(layout);
		table = new TableViewer(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		column(layout, "Machine", 14, DriftFinding::device);
		column(layout, "Kind", 12, f -> f.kind().name().toLowerCase());
		column(layout, "What", 18, DriftFinding::subject);
		column(layout, "Designed", 28, f -> f.designed() == null ? "" : f.designed());
		column(layout, "Observed", 28, f -> f.observed() == null ? "" : f.observed());
		table.addDoubleClickListener(e -> {
			if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof DriftFinding finding) {
				DesignTracker.get().reveal("device:" + finding.device());
			}
		});
		DesignTracker.get().addListener(listener);
	}

	private void column(TableColumnLayout layout, String title, int weight, Function<DriftFinding, String> text) {
		Tables.column(table, layout, title, weight, 60, DriftFinding.class, text);
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

	@SuppressWarnings("unchecked")
	public List<DriftFinding> rows() {
		return (List<DriftFinding>) table.getInput();
	}

	public String heading() {
		return heading.getText();
	}
}
