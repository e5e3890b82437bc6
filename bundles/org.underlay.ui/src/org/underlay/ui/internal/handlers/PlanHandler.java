package org.underlay.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.underlay.ui.internal.views.DeployPart;
import org.underlay.ui.internal.views.PlanDialog;

import jakarta.inject.Named;

/** Plan…: shows what Apply would run, in order, and its blast radius. */
public final class PlanHandler extends DeployHandlers.OnEnvironment {

	@Execute
	public void execute(DeployPart deploy, @Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		if (!DeployHandlers.refused(deploy, "Plan", shell)) {
			PlanDialog.show(shell, deploy.plan());
		}
	}
}
