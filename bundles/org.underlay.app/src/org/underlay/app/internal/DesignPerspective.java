package org.underlay.app.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * Project Explorer and Outline on the left, the editors in the middle, the drawings (rack elevation, topology) and
 * the Console on the right, Problems, Effective Params, Design Properties, Drift and Deploy below.
 */
public class DesignPerspective implements IPerspectiveFactory {

	public static final String ID = "org.underlay.app.perspective";
	static final String PROJECT_EXPLORER = "org.eclipse.ui.navigator.ProjectExplorer";
	static final String ELEVATION = "org.underlay.ui.elevation";
	static final String TOPOLOGY = "org.underlay.ui.topology";
	static final String PARAMS = "org.underlay.ui.params";
	static final String PROPERTIES = "org.underlay.ui.properties";
	static final String DRIFT = "org.underlay.ui.drift";
	static final String DEPLOY = "org.underlay.ui.deploy";
	static final String CONSOLE = "org.eclipse.ui.console.ConsoleView";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editors = layout.getEditorArea();
		layout.setEditorAreaVisible(true);
		IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.17f, editors);
		left.addView(PROJECT_EXPLORER);
		IFolderLayout outline = layout.createFolder("outline", IPageLayout.BOTTOM, 0.55f, "left");
		outline.addView(IPageLayout.ID_OUTLINE);
		// the drawings take the full height on the right; the tables sit under the editor only
		IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.50f, editors);
		right.addView(ELEVATION);
		right.addView(TOPOLOGY);
		// each machine's output during a run: beside the Deploy view, not in its stack where it would cover it
		right.addView(CONSOLE);
		IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.58f, editors);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		bottom.addView(PARAMS);
		bottom.addView(PROPERTIES);
		bottom.addView(DRIFT);
		bottom.addView(DEPLOY);
		for (String view : new String[] { PROJECT_EXPLORER, IPageLayout.ID_PROBLEM_VIEW, IPageLayout.ID_OUTLINE,
				ELEVATION, TOPOLOGY, PARAMS, PROPERTIES, DRIFT, DEPLOY, CONSOLE }) {
			layout.addShowViewShortcut(view);
		}
	}
}
