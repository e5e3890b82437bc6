package org.underlay.dsl.scoping;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.util.Triple;

/**
 * A resource whose linking diagnostics cost constant time each. Xtext adds each unresolved reference's diagnostic
 * after a linear search of the resource's errors for an equal one (and removes one the same way), so a design with
 * 100,000 unresolved names took minutes to link. Here a hash set beside each list answers that question; it is built
 * again whenever the list changed behind its back (a reparse clears the errors, the parser adds syntax errors).
 */
public class UnderlayResource extends LazyLinkingResource {

	private final Map<List<Resource.Diagnostic>, Set<Resource.Diagnostic>> index = new IdentityHashMap<>();

	@Override
	protected void createAndAddDiagnostic(Triple<EObject, EReference, INode> triple) {
		if (isValidationDisabled()) {
			return;
		}
		DiagnosticMessage message = createDiagnosticMessage(triple);
		if (message != null) {
			List<Resource.Diagnostic> list = getDiagnosticList(message);
			Resource.Diagnostic diagnostic = createDiagnostic(triple, message);
			if (indexOf(list).add(diagnostic)) {
				list.add(diagnostic);
			}
		}
	}

	@Override
	protected void removeDiagnostic(Triple<EObject, EReference, INode> triple) {
		if (getErrors().isEmpty() && getWarnings().isEmpty()) {
			return;
		}
		DiagnosticMessage message = createDiagnosticMessage(triple);
		List<Resource.Diagnostic> list = getDiagnosticList(message);
		if (list.isEmpty()) {
			return;
		}
		Resource.Diagnostic diagnostic = createDiagnostic(triple, message);
		if (indexOf(list).remove(diagnostic)) {
			list.remove(diagnostic);
		}
	}

	/** The set of {@code list}'s diagnostics, built again if the list's size says it changed elsewhere. */
	private Set<Resource.Diagnostic> indexOf(List<Resource.Diagnostic> list) {
		Set<Resource.Diagnostic> set = index.get(list);
		if (set == null || set.size() != list.size()) {
			set = new HashSet<>(list);
			index.put(list, set);
		}
		return set;
	}
}
