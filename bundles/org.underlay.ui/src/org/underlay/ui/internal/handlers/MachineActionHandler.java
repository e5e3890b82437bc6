package org.underlay.ui.internal.handlers;

import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.underlay.operations.plan.Plan;
import org.underlay.ui.internal.views.DeployPart;
import org.underlay.ui.internal.views.PlanDialog;

import jakarta.inject.Named;

/**
 * Powers or boots the machines selected in the table ({@link #KIND} {@code power} or {@code boot}, {@link #DETAIL}
 * what to: {@code on}, {@code off}, {@code cycle}, {@code pxe once}, {@code disk once}): a plan of just that action,
 * applied like any other. What cuts power (off, cycle, reset, soft) is confirmed first, with what else it affects.
 */
public final class MachineActionHandler extends DeployHandlers.OnSelection {

	public static final String KIND = "org.underlay.ui.deploy.machineAction.kind";
	public static final String DETAIL = "org.underlay.ui.deploy.machineAction.detail";

	@Execute
	public void execute(DeployPart deploy, @Named(DeployPart.SELECTED_MACHINES) List<String> selected,
			@Named(KIND) String kindName, @Named(DETAIL) String detail,
			@Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		Plan.Kind kind = Plan.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
		Plan actions = deploy.planActions(selected, kind, detail);
		if (actions != null && !actions.runnable()) {
			MessageDialog.openError(shell, PlanDialog.title(kind, detail), "This cannot run:\n"
					+ String.join("\n", actions.problems()));
		} else if (actions != null && (kind != Plan.Kind.POWER || detail.equals("on")
				|| PlanDialog.confirmAction(shell, actions))) {
			deploy.runActions(actions);
		}
	}
}
