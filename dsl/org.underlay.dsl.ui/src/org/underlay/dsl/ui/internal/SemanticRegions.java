package org.underlay.dsl.ui.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Semantic highlighting: where a document refers to something declared elsewhere (a device type, a device, a
 * network, a profile, a param). Computed with each validation, off the UI thread; read by the colouring.
 */
public final class SemanticRegions {

	/** A reference's text region and text. */
	public record Reference(int offset, int length, String text) {
	}

	private static final Map<IDocument, List<Reference>> REFERENCES = Collections.synchronizedMap(new WeakHashMap<>());

	private SemanticRegions() {
	}

	static void compute(IDocument document, XtextResource resource) {
		List<Reference> references = new ArrayList<>();
		if (resource.getParseResult() != null) {
			for (INode node : resource.getParseResult().getRootNode().getAsTreeIterable()) {
				EObject element = node.getGrammarElement();
				boolean reference = element instanceof CrossReference
						|| element instanceof RuleCall call && call.eContainer() instanceof CrossReference;
				if (reference) {
					for (ILeafNode leaf : node.getLeafNodes()) {
						if (!leaf.isHidden()) {
							references.add(new Reference(leaf.getOffset(), leaf.getLength(), leaf.getText()));
						}
					}
				}
			}
		}
		REFERENCES.put(document, List.copyOf(references));
	}

	public static List<Reference> of(IDocument document) {
		return REFERENCES.getOrDefault(document, List.of());
	}
}
