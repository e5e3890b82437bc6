package org.underlay.app.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.app.uitests.UiSupport.page;
import static org.underlay.app.uitests.UiSupport.screenshot;
import static org.underlay.app.uitests.UiSupport.show;
import static org.underlay.app.uitests.UiSupport.spin;
import static org.underlay.app.uitests.UiSupport.waitFor;
import static org.underlay.app.uitests.UiSupport.waitForSnapshot;
import static org.underlay.app.uitests.UiSupport.window;

import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledToolItem;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.underlay.ui.internal.PartModel;
import org.underlay.ui.internal.views.DeployPart;

/**
 * The Deploy view's actions are commands of the model fragment, run by handlers that find the view and its selected
 * machines in the view's context: the view's tool bar carries Plan…, Collect, Apply…, Lab up and Lab down, enabled
 * once an environment is shown; the table's menu acts on the selected machines, enabled only with a selection. An
 * item runs its handler as an operator's click does. (No lab runs here: nothing reaches a machine.)
 */
@Order(4)
class DeployCommandsTest {

	private static final String SITE = "sites/fra1.underlay";

	@Test
	void theViewsToolBarAndMachineMenuRunItsHandlers() throws Exception {
		IDE.openEditor(page(), ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc").getFile(SITE), true);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		DeployPart deploy = show(DeployPart.ID);
		waitFor("the lab's machines", () -> deploy.table().rows() != null && deploy.table().rows().size() == 10
				&& deploy.plan() != null && "lab".equals(deploy.plan().environment()));
		MPart part = window().getService(EPartService.class).findPart(DeployPart.ID);

		List<MHandledToolItem> tools = part.getToolbar().getChildren().stream()
				.filter(MHandledToolItem.class::isInstance).map(MHandledToolItem.class::cast).toList();
		assertEquals(List.of("Plan\u2026", "Collect", "Apply\u2026", "Lab up", "Lab down"),
				tools.stream().map(MHandledToolItem::getLabel).toList());
		for (MHandledToolItem tool : tools) {
			waitFor(tool.getLabel() + " to be shown and enabled", () -> tool.getWidget() instanceof ToolItem item
					&& !item.isDisposed() && item.isEnabled() && item.getText().equals(tool.getLabel()));
		}
		screenshot("deploy-toolbar.png");

		// Plan… from the tool bar: the plan's dialog, closed as an operator would
		ToolItem plan = (ToolItem) tools.get(0).getWidget();
		try (var dialogs = new UiSupport.Dialogs("Plan for ", "Close")) {
			plan.notifyListeners(SWT.Selection, new Event());
			waitFor("the plan's dialog", () -> !dialogs.answered.isEmpty());
			assertEquals(List.of("Plan for lab"), dialogs.answered);
		}

		// the machine menu: nothing to act on without a selection, every action with one
		MMenu machines = part.getMenus().stream().filter(m -> "org.underlay.ui.deploy.machines".equals(m.getElementId()))
				.findFirst().orElseThrow();
		deploy.table().select(List.of());
		List<MenuItem> items = shown(machines);
		assertEquals(List.of("Power On", "Power Off\u2026", "Power Cycle\u2026", "", "Boot Once from PXE",
				"Boot Once from Disk", "", "Collect", "Show Console", "", "Forget Stored Credentials"),
				items.stream().map(MenuItem::getText).toList());
		assertTrue(items.stream().filter(i -> !i.getText().isEmpty()).noneMatch(MenuItem::isEnabled),
				"no machine is selected");
		hide(machines);

		deploy.table().select(List.of("web-01"));
		items = shown(machines);
		assertTrue(items.stream().filter(i -> !i.getText().isEmpty()).allMatch(MenuItem::isEnabled),
				"web-01 is selected");
		int logged = deploy.log().size();
		MenuItem forget = items.stream().filter(i -> i.getText().equals("Forget Stored Credentials")).findFirst()
				.orElseThrow();
		forget.notifyListeners(SWT.Selection, new Event());
		hide(machines);
		List<String> log = deploy.log().subList(logged, deploy.log().size());
		assertEquals(1, log.size(), log::toString);
		assertTrue(log.get(0).contains("lab-bmc"), log.get(0));
		assertFalse(log.get(0).contains("web-02"), log.get(0));
	}

	/**
	 * A Deploy view restored from an earlier version's saved workbench has no tool bar, menus or handlers (the
	 * workbench copies them from the descriptor only when it first makes a part): it takes them from the descriptor.
	 */
	@Test
	void aViewSavedBeforeItsActionsTakesThemFromItsDescriptor() {
		EModelService models = window().getService(EModelService.class);
		MPart saved = models.createModelElement(MPart.class);
		saved.setElementId(DeployPart.ID);
		PartModel.adoptDescriptor(saved, models);
		MPartDescriptor descriptor = models.getPartDescriptor(DeployPart.ID);
		assertEquals(descriptor.getToolbar().getChildren().size(), saved.getToolbar().getChildren().size());
		assertEquals(descriptor.getMenus().stream().map(MMenu::getElementId).toList(),
				saved.getMenus().stream().map(MMenu::getElementId).toList());
		assertEquals(8, saved.getHandlers().size());
		assertTrue(saved.getHandlers().stream().allMatch(h -> h.getCommand() != null
				&& h.getCommand().getElementId().startsWith("org.underlay.ui.deploy.")), "bound to the app's commands");
		PartModel.adoptDescriptor(saved, models);
		assertEquals(8, saved.getHandlers().size(), "adopted once");
		assertEquals(descriptor.getMenus().size(), saved.getMenus().size(), "adopted once");
	}

	/** The menu's items as they are when it opens. */
	private static List<MenuItem> shown(MMenu model) {
		Menu menu = (Menu) model.getWidget();
		menu.notifyListeners(SWT.Show, new Event());
		spin(100);
		return Arrays.asList(menu.getItems());
	}

	private static void hide(MMenu model) {
		((Menu) model.getWidget()).notifyListeners(SWT.Hide, new Event());
		spin(100);
	}
}
