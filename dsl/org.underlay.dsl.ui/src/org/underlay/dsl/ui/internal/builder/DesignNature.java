package org.underlay.dsl.ui.internal.builder;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;

/** Marks a project as an Underlay design: its design files are validated by {@link DesignBuilder}. */
public class DesignNature implements IProjectNature {

	public static final String ID = "org.underlay.dsl.ui.nature";

	private IProject project;

	@Override
	public void configure() throws CoreException {
		IProjectDescription description = project.getDescription();
		for (ICommand command : description.getBuildSpec()) {
			if (DesignBuilder.ID.equals(command.getBuilderName())) {
				return;
			}
		}
		ICommand[] commands = description.getBuildSpec();
		ICommand[] extended = new ICommand[commands.length + 1];
		System.arraycopy(commands, 0, extended, 0, commands.length);
		ICommand command = description.newCommand();
		command.setBuilderName(DesignBuilder.ID);
		extended[commands.length] = command;
		description.setBuildSpec(extended);
		project.setDescription(description, null);
	}

	@Override
	public void deconfigure() throws CoreException {
		// the builder entry goes with the nature by the platform's own bookkeeping
	}

	@Override
	public IProject getProject() {
		return project;
	}

	@Override
	public void setProject(IProject project) {
		this.project = project;
	}
}
