package org.underlay.app.internal;

import java.net.URL;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.ide.IDE;
import org.osgi.framework.Bundle;

/**
 * Workbench set-up for an IDE-style application on a workspace: resource adapters and images for the Project
 * Explorer, the workspace saved on exit, and the bundled example imported on first start.
 */
public class UnderlayWorkbenchAdvisor extends WorkbenchAdvisor {

	@Override
	public void initialize(IWorkbenchConfigurer configurer) {
		IDE.registerAdapters();
		configurer.setSaveAndRestore(true);
		declareIdeImages(configurer);
	}

	@Override
	public String getInitialWindowPerspectiveId() {
		return DesignPerspective.ID;
	}

	@Override
	public IAdaptable getDefaultPageInput() {
		return ResourcesPlugin.getWorkspace().getRoot();
	}

	@Override
	public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		return new UnderlayWindowAdvisor(configurer);
	}

	@Override
	public void postStartup() {
		ExampleImport.scheduleOnFirstStart(getWorkbenchConfigurer().getWorkbench());
	}

	@Override
	public boolean preShutdown() {
		return getWorkbenchConfigurer().getWorkbench().saveAllEditors(true);
	}

	@Override
	public void postShutdown() {
		try {
			ResourcesPlugin.getWorkspace().save(true, null);
		} catch (Exception e) {
			ILog.of(getClass()).error("Could not save the workspace", e);
		}
	}

	/** The project and folder images the IDE application normally declares (its advisor is internal API). */
	private static void declareIdeImages(IWorkbenchConfigurer configurer) {
		Bundle ide = Platform.getBundle("org.eclipse.ui.ide");
		if (ide == null) {
			return;
		}
		declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT, "icons/full/obj16/prj_obj.svg");
		declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT_CLOSED, "icons/full/obj16/cprj_obj.svg");
		declare(configurer, ide, "IMG_DLGBAN_SAVEAS_DLG", "icons/full/wizban/saveas_wiz.svg");
	}

	private static void declare(IWorkbenchConfigurer configurer, Bundle bundle, String key, String path) {
		URL url = FileLocator.find(bundle, new Path(path), null);
		if (url == null) {
			url = FileLocator.find(bundle, new Path(path.replace(".svg", ".png")), null);
		}
		if (url != null) {
			configurer.declareImage(key, ImageDescriptor.createFromURL(url), true);
		}
	}
}
