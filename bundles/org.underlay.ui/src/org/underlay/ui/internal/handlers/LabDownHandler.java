package org.underlay.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.underlay.ui.internal.DeployRuns;
import org.underlay.ui.internal.views.DeployPart;

/** Lab down: stops everything the rehearsal lab started. */
public final class LabDownHandler {

	@CanExecute
	public boolean canExecute(@Optional DeployRuns runs) {
		return runs != null;
	}

	@Execute
	public void execute(DeployPart deploy, DeployRuns runs) {
		runs.labDown(deploy::labChanged);
	}
}
