package org.underlay.dsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.scoping.impl.ImportNormalizer;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.underlay.dsl.underlay.Design;

/**
 * Qualified names and imports, plus what Java users expect: the files of one package see each other's elements
 * without importing their own package (a site file and its environments file, say).
 */
public class UnderlayLocalScopeProvider extends ImportedNamespaceAwareLocalScopeProvider {

	@Override
	protected List<ImportNormalizer> internalGetImportedNamespaceResolvers(EObject context, boolean ignoreCase) {
		List<ImportNormalizer> resolvers = super.internalGetImportedNamespaceResolvers(context, ignoreCase);
		if (context instanceof Design design && design.getName() != null && !design.getName().isEmpty()) {
			resolvers = new ArrayList<>(resolvers);
			resolvers.add(createImportedNamespaceResolver(design.getName() + ".*", ignoreCase));
		}
		return resolvers;
	}
}
