package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.underlay.dsl.scoping.Imports;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Import;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

import com.google.inject.Inject;

/**
 * Imports: one error on an import that names nothing of the design, and one error for names a file uses from a package
 * it does not import (on the first of them, naming the package), instead of one unresolved reference per use.
 */
public class ImportValidator extends UnderlayCheck {

	@Inject
	private Imports imports;

	@Check
	public void checkImports(Design design) {
		if (design.eResource() == null) {
			return;
		}
		Set<String> explained = new HashSet<>();
		for (Import i : imports.unknown(design)) {
			String namespace = i.getImportedNamespace();
			boolean wildcard = namespace.endsWith(".*");
			String name = wildcard ? namespace.substring(0, namespace.length() - 2) : namespace;
			String nearest = imports.nearestPackage(design.eResource(), wildcard ? name : packageOf(name));
			String message = (wildcard ? "no package '" + name + "' in this design"
					: "nothing named '" + name + "' in this design")
					+ (nearest == null ? "" : "; did you mean " + nearest + (wildcard ? ".*" : "") + "?");
			if (nearest != null) {
				explained.add(nearest);
				error(message, i, Literals.IMPORT__IMPORTED_NAMESPACE, IssueCodes.UNKNOWN_IMPORT,
						wildcard ? nearest + ".*" : nearest + name.substring(packageOf(name).length()));
			} else {
				error(message, i, Literals.IMPORT__IMPORTED_NAMESPACE, IssueCodes.UNKNOWN_IMPORT);
			}
		}
		reportMissingImports(design, explained);
	}

	private record Use(EObject object, INode node, String name, List<String> packages) {
	}

	/** The first use of each package's names that only an import would resolve, and how many names it has. */
	private void reportMissingImports(Design design, Set<String> explained) {
		Map<String, Use> first = new LinkedHashMap<>();
		Map<String, Set<String>> names = new LinkedHashMap<>();
		for (Iterator<EObject> it = design.eAllContents(); it.hasNext();) {
			EObject object = it.next();
			for (EReference reference : object.eClass().getEAllReferences()) {
				if (reference.isContainment() || reference.isContainer()
						|| !Literals.PACKAGE_ELEMENT.isSuperTypeOf(reference.getEReferenceType())) {
					continue;
				}
				List<EObject> values = values(object, reference);
				List<INode> nodes = null;
				for (int k = 0; k < values.size(); k++) {
					if (!values.get(k).eIsProxy()) {
						continue;
					}
					nodes = nodes != null ? nodes : NodeModelUtils.findNodesForFeature(object, reference);
					if (k >= nodes.size()) {
						break;
					}
					INode node = nodes.get(k);
					String text = NodeModelUtils.getTokenText(node);
					List<String> packages = new ArrayList<>(
							imports.packagesDeclaring(object, reference.getEReferenceType(), text));
					if (packages.isEmpty() || packages.stream().anyMatch(explained::contains)) {
						continue;
					}
					first.putIfAbsent(packages.get(0), new Use(object, node, text, packages));
					names.computeIfAbsent(packages.get(0), p -> new HashSet<>()).add(text);
				}
			}
		}
		first.forEach((pack, use) -> {
			int more = names.get(pack).size() - 1;
			String message = "'" + use.name() + "' is declared in package " + String.join(" and ", use.packages())
					+ ", which this file does not import"
					+ (more == 0 ? "" : " (nor " + more + (more == 1 ? " more name" : " more names") + " from it)");
			getMessageAcceptor().acceptError(message, use.object(), use.node().getOffset(), use.node().getLength(),
					IssueCodes.MISSING_IMPORT, use.packages().toArray(String[]::new));
		});
	}

	@SuppressWarnings("unchecked")
	private static List<EObject> values(EObject object, EReference reference) {
		Object value = object.eGet(reference, true);
		if (value instanceof List<?> list) {
			return (List<EObject>) list;
		}
		return value instanceof EObject single ? List.of(single) : List.of();
	}

	private static String packageOf(String qualified) {
		int dot = qualified.lastIndexOf('.');
		return dot < 0 ? qualified : qualified.substring(0, dot);
	}
}
