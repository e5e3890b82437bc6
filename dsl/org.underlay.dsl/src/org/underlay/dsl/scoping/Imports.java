package org.underlay.dsl.scoping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Import;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

import com.google.inject.Inject;

/**
 * What a file's imports can see, from the index of the whole design: the packages there are, the imports that name
 * none of them, and the packages that declare a name the file uses without importing it. The linker (to stay quiet
 * about names an import error explains) and the import check (to report that error once) ask the same questions here.
 */
public class Imports {

	@Inject
	private ResourceDescriptionsProvider descriptions;

	@Inject
	private IQualifiedNameConverter converter;

	@Inject
	private IResourceScopeCache cache;

	/** The package names of every file of the design. */
	public Set<String> packages(Resource resource) {
		return cache.get(Tuples.pair(Imports.class, "packages"), resource, () -> {
			Set<String> names = new TreeSet<>();
			for (IEObjectDescription d : index(resource).getExportedObjectsByType(Literals.DESIGN)) {
				names.add(converter.toString(d.getQualifiedName()));
			}
			return names;
		});
	}

	/** The imports of {@code design} that name no package and no element of the design. */
	public List<Import> unknown(Design design) {
		List<Import> unknown = new ArrayList<>();
		Resource resource = design.eResource();
		for (Import i : design.getImports()) {
			String namespace = i.getImportedNamespace();
			if (namespace == null || namespace.isEmpty()) {
				continue;
			}
			if (namespace.endsWith(".*") ? !packages(resource).contains(namespace.substring(0, namespace.length() - 2))
					: !index(resource).getExportedObjects(Literals.PACKAGE_ELEMENT, converter.toQualifiedName(namespace),
							false).iterator().hasNext()) {
				unknown.add(i);
			}
		}
		return unknown;
	}

	/**
	 * The packages, other than the file's own and those it imports, that declare an element of {@code type} called
	 * {@code linkText} (a plain or partly qualified name): where an import would make the name resolve.
	 */
	public Set<String> packagesDeclaring(EObject context, EClass type, String linkText) {
		Set<String> found = new LinkedHashSet<>();
		Design design = EcoreUtil2.getContainerOfType(context, Design.class);
		if (design == null || linkText == null || linkText.isBlank() || !Literals.PACKAGE_ELEMENT.isSuperTypeOf(type)) {
			return found;
		}
		QualifiedName name = converter.toQualifiedName(linkText.trim());
		Set<String> packages = packages(design.eResource());
		Set<String> visible = new LinkedHashSet<>();
		visible.add(design.getName());
		for (Import i : design.getImports()) {
			String namespace = i.getImportedNamespace();
			if (namespace != null && namespace.endsWith(".*")) {
				visible.add(namespace.substring(0, namespace.length() - 2));
			}
		}
		for (IEObjectDescription d : index(design.eResource()).getExportedObjectsByType(type)) {
			QualifiedName qualified = d.getQualifiedName();
			if (qualified.getSegmentCount() > name.getSegmentCount()
					&& qualified.skipFirst(qualified.getSegmentCount() - name.getSegmentCount()).equals(name)) {
				String pack = converter.toString(qualified.skipLast(name.getSegmentCount()));
				if (packages.contains(pack) && !visible.contains(pack)) {
					found.add(pack);
				}
			}
		}
		return found;
	}

	/** The package name nearest to {@code wanted} (at most a third of its letters differ), or null. */
	public String nearestPackage(Resource resource, String wanted) {
		return Spelling.nearest(wanted, packages(resource));
	}

	private IResourceDescriptions index(Resource resource) {
		return descriptions.getResourceDescriptions(resource);
	}
}
