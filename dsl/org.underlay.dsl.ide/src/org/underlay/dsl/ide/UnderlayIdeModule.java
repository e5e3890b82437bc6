package org.underlay.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeCrossrefProposalProvider;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.underlay.dsl.ide.services.UnderlayCodeActions;
import org.underlay.dsl.ide.services.UnderlayCrossrefProposals;
import org.underlay.dsl.ide.services.UnderlayHoverService;

/**
 * The ide services: content assist for the workbench's editor and any LSP client, and for LSP clients the quick fixes
 * as code actions and the workbench's hover text.
 */
public class UnderlayIdeModule extends AbstractUnderlayIdeModule {

	public Class<? extends ICodeActionService2> bindICodeActionService2() {
		return UnderlayCodeActions.class;
	}

	public Class<? extends IdeCrossrefProposalProvider> bindIdeCrossrefProposalProvider() {
		return UnderlayCrossrefProposals.class;
	}

	public Class<? extends IHoverService> bindIHoverService() {
		return UnderlayHoverService.class;
	}
}
