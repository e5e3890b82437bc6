package org.underlay.ui.internal.views;

import java.util.List;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignSnapshot.Property;
import org.underlay.ui.internal.Tables;

/** Properties of the design element at the caret: a device, rack, cable, network, feed or site. */
public class DesignPropertiesPart extends DesignView {

	public static final String ID = "org.underlay.ui.properties";

	private TableViewer table;

	@Override
	protected Control create(Composite parent) {
		parent.setLayout(new FillLayout());
		Composite holder = new Composite(parent, SWT.NONE);
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.NONE);
		Tables.column(table, layout, "Property", 30, 80, Property.class, Property::name);
		Tables.column(table, layout, "Value", 70, 120, Property.class, Property::value);
		return table.getTable();
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
		table.setInput(snapshot.properties().isEmpty()
				? List.of(new Property("", "Put the caret on a device, rack, cable, network or site."))
				: snapshot.properties());
	}

	@SuppressWarnings("unchecked")
	public List<Property> rows() {
		return (List<Property>) table.getInput();
	}
}
