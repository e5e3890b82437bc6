package org.underlay.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.underlay.lab.LabException;
import org.underlay.lab.LabPlan;
import org.underlay.lab.LabSpec;
import org.underlay.ui.internal.DeployRuns;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.views.DeployPart;

import jakarta.inject.Named;

/**
 * Lab up: starts the rehearsal lab of the site shown, simulated BMCs and SSH hosts on loopback as its 'lab'
 * environment binds them.
 */
public final class LabUpHandler {

	@CanExecute
	public boolean canExecute(@Optional DeployPart deploy, @Optional DesignSnapshot snapshot) {
		return deploy != null && snapshot != null && snapshot.site() != null;
	}

	@Execute
	public void execute(DeployPart deploy, DeployRuns runs, DesignTracker tracker,
			@Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		try {
			LabSpec spec = tracker.withSite(site -> {
				try {
					return LabPlan.of(site);
				} catch (LabException e) {
					throw new IllegalStateException(e.getMessage(), e);
				}
			});
			if (spec != null) {
				runs.labUp(spec, deploy::labChanged);
			}
		} catch (IllegalStateException e) {
			MessageDialog.openError(shell, "Lab up", e.getMessage());
		}
	}
}
