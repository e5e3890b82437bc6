package org.underlay.ui.internal.views;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignSnapshot.ParamRow;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Tables;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Every param of the device at the caret: its effective value, the layer that set it, and the chain of layers from
 * the declaration's default up to the winner (global &lt; site &lt; room &lt; rack &lt; profiles &lt; device).
 */
public class EffectiveParamsPart {

	public static final String ID = "org.underlay.ui.params";

	private Label heading;
	private TableViewer table;
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		heading = new Label(parent, SWT.WRAP);
		heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Composite holder = new Composite(parent, SWT.NONE);
		holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		TableColumnLayout layout = new TableColumnLayout();
		table = Tables.viewer(holder, layout, SWT.H_SCROLL);
		column(layout, "Param", 18, ParamRow::name);
		column(layout, "Value", 22, ParamRow::value);
		column(layout, "Set by", 16, ParamRow::setBy);
		column(layout, "Layers, lowest first", 44, ParamRow::chain);
		DesignTracker.get().addListener(listener);
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
