package org.underlay.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.underlay.operations.plan.Plan;
import org.underlay.ui.internal.views.DeployPart;
import org.underlay.ui.internal.views.PlanDialog;

import jakarta.inject.Named;

/**
 * Apply…: runs the view's plan on the machines of its environment, once the operator has seen it and its blast
 * radius and confirmed; then the view collects the machines it ran on.
 */
public final class ApplyHandler extends DeployHandlers.OnEnvironment {

	@Execute
	public void execute(DeployPart deploy, @Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		if (DeployHandlers.refused(deploy, "Apply", shell)) {
			return;
		}
		Plan plan = deploy.plan();
		if (!plan.runnable()) {
			MessageDialog.openError(shell, "Apply", "The plan cannot run:\n" + String.join("\n", plan.problems()));
		} else if (plan.actions().isEmpty()) {
			MessageDialog.openInformation(shell, "Apply", "The plan has nothing to do.");
		} else if (PlanDialog.confirm(shell, plan)) {
			deploy.applyConfirmed();
		}
	}
}
