package org.underlay.ui.internal;

import java.util.List;
import java.util.Objects;

import org.eclipse.e4.ui.model.application.commands.MHandler;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MToolBar;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;

/** The application model of the views: what the model fragment contributes to a part. */
public final class PartModel {

	private PartModel() {
	}

	/**
	 * Gives a part what its descriptor in the model fragment contributes (tool bar, menus, handlers) and it lacks. The
	 * workbench copies them from the descriptor only when it first makes the part: a part restored from an earlier
	 * version's saved workbench would go without the actions added since. Call before the part's tool bar is shown
	 * (from its {@code @PostConstruct}).
	 */
	public static void adoptDescriptor(MPart part, EModelService models) {
		MPartDescriptor descriptor = models == null ? null : models.getPartDescriptor(part.getElementId());
		if (descriptor == null) {
			return;
		}
		if (part.getToolbar() == null && descriptor.getToolbar() != null) {
			part.setToolbar((MToolBar) EcoreUtil.copy((EObject) descriptor.getToolbar()));
		}
		for (MMenu menu : descriptor.getMenus()) {
			if (lacks(part.getMenus(), menu)) {
				part.getMenus().add((MMenu) EcoreUtil.copy((EObject) menu));
			}
		}
		for (MHandler handler : descriptor.getHandlers()) {
			if (part.getHandlers().stream().noneMatch(h -> Objects.equals(h.getElementId(), handler.getElementId()))) {
				part.getHandlers().add((MHandler) EcoreUtil.copy((EObject) handler));
			}
		}
	}

	private static boolean lacks(List<? extends MUIElement> elements, MUIElement element) {
		return elements.stream().noneMatch(e -> Objects.equals(e.getElementId(), element.getElementId()));
	}
}
