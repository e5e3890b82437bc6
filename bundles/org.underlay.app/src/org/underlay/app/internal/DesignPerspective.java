package org.underlay.app.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** Project Explorer on the left, the editors in the middle, Outline on the right, Problems below. */
public class DesignPerspective implements IPerspectiveFactory {

	public static final String ID = "org.underlay.app.perspective";
	static final String PROJECT_EXPLORER = "org.eclipse.ui.navigator.ProjectExplorer";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editors = layout.getEditorArea();
		layout.setEditorAreaVisible(true);
		IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.22f, editors);
		left.addView(PROJECT_EXPLORER);
		IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.72f, editors);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.76f, editors);
		right.addView(IPageLayout.ID_OUTLINE);
		layout.addShowViewShortcut(PROJECT_EXPLORER);
		layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
		layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);
	}
}
