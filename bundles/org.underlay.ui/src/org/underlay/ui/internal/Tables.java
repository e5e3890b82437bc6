package org.underlay.ui.internal;

import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;

/** The views' tables: a text column sized by weight, its cells from a function of the row. */
public final class Tables {

	private Tables() {
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
