package org.underlay.app.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The main window: title, size, and the menus an Eclipse user expects (File, Edit, Window, Help). */
class UnderlayWindowAdvisor extends WorkbenchWindowAdvisor {

	static final String TITLE = "Underlay";

	UnderlayWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		super(configurer);
	}

	@Override
	public void preWindowOpen() {
		IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
		configurer.setInitialSize(new Point(1280, 860));
		configurer.setShowStatusLine(true);
		configurer.setShowCoolBar(false);
		configurer.setShowProgressIndicator(true);
		configurer.setTitle(TITLE);
	}

	@Override
	public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
		return new MenuAdvisor(configurer);
	}

	private static final class MenuAdvisor extends ActionBarAdvisor {
		private static final ActionFactory[] ACTIONS = { ActionFactory.SAVE, ActionFactory.SAVE_ALL,
				ActionFactory.CLOSE, ActionFactory.CLOSE_ALL, ActionFactory.REFRESH, ActionFactory.QUIT,
				ActionFactory.UNDO, ActionFactory.REDO, ActionFactory.CUT, ActionFactory.COPY, ActionFactory.PASTE,
				ActionFactory.DELETE, ActionFactory.SELECT_ALL, ActionFactory.FIND, ActionFactory.PREFERENCES,
				ActionFactory.RESET_PERSPECTIVE, ActionFactory.ABOUT };

		MenuAdvisor(IActionBarConfigurer configurer) {
			super(configurer);
		}

		@Override
		protected void makeActions(IWorkbenchWindow window) {
			for (ActionFactory factory : ACTIONS) {
				register(factory.create(window));
			}
		}

		@Override
		protected void fillMenuBar(IMenuManager menuBar) {
			MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
			file.add(new GroupMarker(IWorkbenchActionConstants.FILE_START));
			file.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
			file.add(new Separator());
			file.add(action(ActionFactory.CLOSE));
			file.add(action(ActionFactory.CLOSE_ALL));
			file.add(new Separator());
			file.add(action(ActionFactory.SAVE));
			file.add(action(ActionFactory.SAVE_ALL));
			file.add(new Separator());
			file.add(action(ActionFactory.REFRESH));
			file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
			file.add(new Separator());
			file.add(action(ActionFactory.QUIT));
			file.add(new GroupMarker(IWorkbenchActionConstants.FILE_END));

			MenuManager edit = new MenuManager("&Edit", IWorkbenchActionConstants.M_EDIT);
			edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_START));
			edit.add(action(ActionFactory.UNDO));
			edit.add(action(ActionFactory.REDO));
			edit.add(new GroupMarker(IWorkbenchActionConstants.UNDO_EXT));
			edit.add(new Separator());
			edit.add(action(ActionFactory.CUT));
			edit.add(action(ActionFactory.COPY));
			edit.add(action(ActionFactory.PASTE));
			edit.add(new GroupMarker(IWorkbenchActionConstants.CUT_EXT));
			edit.add(new Separator());
			edit.add(action(ActionFactory.DELETE));
			edit.add(action(ActionFactory.SELECT_ALL));
			edit.add(new Separator());
			edit.add(action(ActionFactory.FIND));
			// text editors add Find Next/Previous, Go to Line, content assist ... to these groups
			edit.add(new GroupMarker(IWorkbenchActionConstants.FIND_EXT));
			edit.add(new Separator());
			edit.add(new GroupMarker(IWorkbenchActionConstants.ADD_EXT));
			edit.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
			edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_END));

			MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
			window.add(action(ActionFactory.RESET_PERSPECTIVE));
			window.add(new Separator());
			window.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
			window.add(new Separator());
			window.add(action(ActionFactory.PREFERENCES));

			MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
			help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
			help.add(action(ActionFactory.ABOUT));

			menuBar.add(file);
			menuBar.add(edit);
			menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
			menuBar.add(window);
			menuBar.add(help);
		}

		private IAction action(ActionFactory factory) {
			return getAction(factory.getId());
		}
	}
}
