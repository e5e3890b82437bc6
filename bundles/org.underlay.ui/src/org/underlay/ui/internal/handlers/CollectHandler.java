package org.underlay.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.underlay.ui.internal.views.DeployPart;

import jakarta.inject.Named;

/**
 * Collect: observes the machines over their BMC and SSH and stores what was seen, every machine of the environment
 * or, with {@link #MACHINES} {@code selected}, the machines selected in the table.
 */
public final class CollectHandler {

	/** The command's parameter: {@code all} (the default) or {@code selected}. */
	public static final String MACHINES = "org.underlay.ui.deploy.collect.machines";

	@CanExecute
	public boolean canExecute(@Optional DeployPart deploy,
			@Optional @Named(DeployPart.SELECTED_MACHINES) List<String> selected,
			@Optional @Named(MACHINES) String which) {
		return "selected".equals(which) ? DeployHandlers.onSelection(deploy, selected) : DeployHandlers.loaded(deploy);
	}

	@Execute
	public void execute(DeployPart deploy, @Optional @Named(DeployPart.SELECTED_MACHINES) List<String> selected,
			@Optional @Named(MACHINES) String which) {
		deploy.collect("selected".equals(which) ? selected : null);
	}
}
