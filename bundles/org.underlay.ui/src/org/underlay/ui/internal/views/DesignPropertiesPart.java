package org.underlay.ui.internal.views;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignSnapshot.Property;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Tables;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/** Properties of the design element at the caret: a device, rack, cable, network, feed or site. */
public class DesignPropertiesPart {

	public static final String ID = "org.underlay.ui.properties";

	private TableViewer table;
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new FillLayout());
		Composite holder = new Composite(parent, SWT.NONE);
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.NONE);
		TableViewerColumn name = new TableViewerColumn(table, SWT.NONE);
		name.getColumn().setText("Property");
		layout.setColumnData(name.getColumn(), new ColumnWeightData(30, 80));
		name.setLabelProvider(ColumnLabelProvider.createTextProvider(e -> ((Property) e).name()));
		TableViewerColumn value = new TableViewerColumn(table, SWT.NONE);
		value.getColumn().setText("Value");
		layout.setColumnData(value.getColumn(), new ColumnWeightData(70, 120));
		value.setLabelProvider(ColumnLabelProvider.createTextProvider(e -> ((Property) e).value()));
		DesignTracker.get().addListener(listener);
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
		if (!table.getTable().isDisposed()) {
			table.setInput(snapshot.properties().isEmpty()
					? List.of(new Property("", "Put the caret on a device, rack, cable, network or site."))
					: snapshot.properties());
		}
	}

	@SuppressWarnings("unchecked")
	public List<Property> rows() {
		return (List<Property>) table.getInput();
	}
}
