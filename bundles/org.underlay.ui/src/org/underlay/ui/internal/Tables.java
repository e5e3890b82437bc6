package org.underlay.ui.internal;

import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

/** The views' tables: a text column sized by weight, its cells from a function of the row. */
public final class Tables {

	private Tables() {
	}

	/**
	 * A bordered, full-row-selection table with headers and lines, showing an array or list, filling {@code holder}
	 * (which {@code layout} then lays out: give the columns their weights through it).
	 *
	 * @param style more styles, such as {@code SWT.MULTI} or {@code SWT.H_SCROLL}
	 */
	public static TableViewer viewer(Composite holder, TableColumnLayout layout, int style) {
		holder.setLayout(layout);
		TableViewer table = new TableViewer(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | style);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		return table;
	}

	public static <T> TableViewerColumn column(TableViewer table, TableColumnLayout layout, String title, int weight,
			int minimumWidth, Class<T> rowType, Function<T, String> text) {
		TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
		column.getColumn().setText(title);
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, minimumWidth));
		column.setLabelProvider(ColumnLabelProvider.createTextProvider(e -> text.apply(rowType.cast(e))));
		return column;
	}
}
