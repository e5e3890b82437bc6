package org.underlay.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Execute;
import org.underlay.ui.internal.DeployConsoles;
import org.underlay.ui.internal.views.DeployPart;

import jakarta.inject.Named;

/** Show Console: each selected machine's console, in the Console view (opened if need be). */
public final class ShowConsoleHandler extends DeployHandlers.OnSelection {

	@Execute
	public void execute(DeployPart deploy, @Named(DeployPart.SELECTED_MACHINES) List<String> selected) {
		selected.forEach(machine -> DeployConsoles.show(deploy.environment(), machine, true));
	}
}
