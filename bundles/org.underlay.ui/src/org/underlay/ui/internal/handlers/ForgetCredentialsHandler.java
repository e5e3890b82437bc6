package org.underlay.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Execute;
import org.underlay.ui.internal.credentials.WorkbenchCredentials;
import org.underlay.ui.internal.views.DeployPart;

import jakarta.inject.Named;

/**
 * Forget Stored Credentials: drops the selected machines' BMC and SSH credentials from secure storage (a wrong one
 * is asked for again at the next run); the view's log says which.
 */
public final class ForgetCredentialsHandler extends DeployHandlers.OnSelection {

	@Execute
	public void execute(DeployPart deploy, @Named(DeployPart.SELECTED_MACHINES) List<String> selected) {
		deploy.append(WorkbenchCredentials.forget(deploy.table().credentialsOf(selected)));
	}
}
