package org.underlay.dsl.ide.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeCrossrefProposalProvider;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.scoping.UnderlayLinkingDiagnostics;
import org.underlay.dsl.underlay.ParamDecl;

/**
 * Names to complete: each element once, by the shortest name that reaches it (an imported type is offered as
 * {@code DellR650}, not also as {@code acme.lib.DellR650}), described in the language's words; a param with its type,
 * default and documentation.
 */
public class UnderlayCrossrefProposals extends IdeCrossrefProposalProvider {

	@Override
	protected Iterable<IEObjectDescription> queryScope(IScope scope, CrossReference crossReference,
			ContentAssistContext context) {
		Map<URI, IEObjectDescription> shortest = new LinkedHashMap<>();
		for (IEObjectDescription candidate : super.queryScope(scope, crossReference, context)) {
			shortest.merge(candidate.getEObjectURI(), candidate,
					(a, b) -> b.getName().getSegmentCount() < a.getName().getSegmentCount() ? b : a);
		}
		return new ArrayList<>(shortest.values());
	}

	@Override
	protected ContentAssistEntry createProposal(IEObjectDescription candidate, CrossReference crossRef,
			ContentAssistContext context) {
		ContentAssistEntry entry = super.createProposal(candidate, crossRef, context);
		if (entry == null) {
			return null;
		}
		entry.setDescription(UnderlayLinkingDiagnostics.words(candidate.getEClass()));
		EObject element = candidate.getEObjectOrProxy();
		if (element.eIsProxy() && context.getResource() != null) {
			element = EcoreUtil.resolve(element, context.getResource());
		}
		if (element instanceof ParamDecl param && !param.eIsProxy()) {
			entry.setDescription(param.getType().getLiteral() + (param.isRequired() ? ", required" : "")
					+ (param.getDefault() != null ? ", default " + Values.format(param.getDefault()) : ""));
			if (param.getDoc() != null) {
				entry.setDocumentation(param.getDoc());
			}
		}
		return entry;
	}
}
