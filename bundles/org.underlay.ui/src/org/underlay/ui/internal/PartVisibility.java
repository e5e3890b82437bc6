package org.underlay.ui.internal;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.IPartListener;

/** Tells a part when it is shown and when it is hidden (a view that polls only while it can be seen). */
public final class PartVisibility implements IPartListener {

	private final MPart part;
	private final Runnable shown;
	private final Runnable hidden;

	public PartVisibility(MPart part, Runnable shown, Runnable hidden) {
		this.part = part;
		this.shown = shown;
		this.hidden = hidden;
	}

	@Override
	public void partVisible(MPart visible) {
		if (visible == part) {
			shown.run();
		}
	}

	@Override
	public void partHidden(MPart gone) {
		if (gone == part) {
			hidden.run();
		}
	}

	@Override
	public void partActivated(MPart activated) {
	}

	@Override
	public void partBroughtToTop(MPart top) {
	}

	@Override
	public void partDeactivated(MPart deactivated) {
	}
}
