package org.underlay.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.underlay.ui.internal.views.DeployPart;

import jakarta.inject.Named;

/**
 * What the Deploy view's handlers share. They find the view ({@link DeployPart}), the machines selected in its table
 * ({@link DeployPart#SELECTED_MACHINES}) and its runs in the view's context, which holds them while the view is open.
 */
final class DeployHandlers {

	private DeployHandlers() {
	}

	/** An action on the environment the view shows: enabled while it shows one. */
	abstract static class OnEnvironment {
		@CanExecute
		public boolean canExecute(@Optional DeployPart deploy) {
			return loaded(deploy);
		}
	}

	/** An action on the machines selected in the view's table: enabled while some are. */
	abstract static class OnSelection {
		@CanExecute
		public boolean canExecute(@Optional DeployPart deploy,
				@Optional @Named(DeployPart.SELECTED_MACHINES) List<String> selected) {
			return onSelection(deploy, selected);
		}
	}

	/** Whether the view shows an environment's machines: what every action on them needs. */
	static boolean loaded(DeployPart deploy) {
		return deploy != null && deploy.loaded();
	}

	/** Whether the view shows an environment and machines of it are selected. */
	static boolean onSelection(DeployPart deploy, List<String> machines) {
		return loaded(deploy) && machines != null && !machines.isEmpty();
	}

	/** Whether the design's errors refuse {@code what} ("Apply"); then says why, in a dialog and the view's log. */
	static boolean refused(DeployPart deploy, String what, Shell shell) {
		String why = deploy.refusal(what);
		if (why != null) {
			MessageDialog.openError(shell, what, why);
		}
		return why != null;
	}
}
