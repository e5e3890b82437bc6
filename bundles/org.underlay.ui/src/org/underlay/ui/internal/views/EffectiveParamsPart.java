package org.underlay.ui.internal.views;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignSnapshot.ParamRow;
import org.underlay.ui.internal.Tables;

/**
 * Every param of the device at the caret: its effective value, the layer that set it, and the chain of layers from
 * the declaration's default up to the winner (global &lt; site &lt; room &lt; rack &lt; profiles &lt; device).
 */
public class EffectiveParamsPart extends DesignView {

	public static final String ID = "org.underlay.ui.params";

	private Label heading;
	private TableViewer table;

	@Override
	protected Control create(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		heading = heading(parent);
		Composite holder = new Composite(parent, SWT.NONE);
		holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.H_SCROLL);
		column(layout, "Param", 18, ParamRow::name);
		column(layout, "Value", 22, ParamRow::value);
		column(layout, "Set by", 16, ParamRow::setBy);
		column(layout, "Layers, lowest first", 44, ParamRow::chain);
		return table.getTable();
	}

	private void column(TableColumnLayout layout, String title, int weight, Function<ParamRow, String> text) {
		TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
		column.getColumn().setText(title);
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60));
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((ParamRow) element);
			}

			@Override
			public String getToolTipText(Object element) {
				return ((ParamRow) element).chain();
			}
		});
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
		List<ParamRow> rows = snapshot.params();
		String device = snapshot.selectedLabel();
		heading.setText(device == null ? "Put the caret on a device (in a site, a link or a binding) to see its params."
				: rows.isEmpty() ? device + ": no params are declared in this design"
						: device + ": " + rows.size() + " params; the last layer in each row wins");
		heading.getParent().layout(true);
		table.setInput(rows);
	}

	public List<ParamRow> rows() {
		@SuppressWarnings("unchecked")
		List<ParamRow> rows = (List<ParamRow>) table.getInput();
		return rows == null ? List.of() : rows;
	}

	public String heading() {
		return heading.getText();
	}
}
