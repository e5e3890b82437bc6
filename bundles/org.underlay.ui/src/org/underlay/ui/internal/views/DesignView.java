package org.underlay.ui.internal.views;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * What every view of the design shares: the workbench's {@link DesignTracker} (to reveal what is clicked) and its
 * latest {@link DesignSnapshot}, both injected from the workbench's context. The snapshot is injected again with
 * every change; the view shows it once its controls exist, and never after they are gone.
 */
public abstract class DesignView {

	@Inject
	protected DesignTracker tracker;
	private DesignSnapshot snapshot;
	private Control focus;

	@PostConstruct
	public final void createView(Composite parent) {
		focus = create(parent);
		if (snapshot != null) {
			show(snapshot);
		}
	}

	@Inject
	@Optional
	final void snapshotChanged(DesignSnapshot changed) {
		if (changed == null) {
			return; // the context is going away with the view
		}
		snapshot = changed;
		if (focus != null && !focus.isDisposed()) {
			show(changed);
		}
	}

	@PreDestroy
	public final void disposeView() {
		disposed();
	}

	@Focus
	public final void focus() {
		focus.setFocus();
	}

	/** Makes the view's controls in {@code parent}; returns the one that takes the focus. */
	protected abstract Control create(Composite parent);

	/** Shows a snapshot (on the UI thread, the controls made). */
	protected abstract void show(DesignSnapshot snapshot);

	/** Releases what the view holds beyond its controls (the view is closing); nothing by default. */
	protected void disposed() {
	}

	/** A line (wrapped when long) that says what the view shows, filling its row of a grid. */
	protected static Label heading(Composite parent) {
		Label heading = new Label(parent, SWT.WRAP);
		heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		return heading;
	}

	/** The snapshot shown. */
	public DesignSnapshot snapshot() {
		return snapshot;
	}
}
