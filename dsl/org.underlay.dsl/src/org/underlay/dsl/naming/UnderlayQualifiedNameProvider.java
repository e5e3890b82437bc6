package org.underlay.dsl.naming;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.PowerFeed;
import org.underlay.dsl.underlay.Site;

import com.google.inject.Inject;

/**
 * Names only what is referred to by name through scopes: the package, its elements (device types, params, profiles,
 * workflows, sites, environments) and a site's networks and feeds. Devices are host names, scoped per site by
 * {@code UnderlayScopeProvider}; ports, interfaces, rooms and racks are never the target of a cross-reference.
 * <p>
 * Why not Xtext's declarative default: it names every element with a {@code name} attribute through reflective
 * dispatch, so a 10,000-device design exported ~100,000 descriptions nobody can refer to, and qualified-name
 * computation was a tenth of link time.
 */
public class UnderlayQualifiedNameProvider extends IQualifiedNameProvider.AbstractImpl {

	@Inject
	private IQualifiedNameConverter converter;

	@Inject
	private IResourceScopeCache cache;

	@Override
	public QualifiedName getFullyQualifiedName(EObject element) {
		if (!(element instanceof Design || element instanceof PackageElement || element instanceof Network
				|| element instanceof PowerFeed)) {
			return null;
		}
		if (element.eResource() == null) {
			return compute(element);
		}
		return cache.get(Tuples.pair(element, "fqn"), element.eResource(), () -> compute(element));
	}

	private QualifiedName compute(EObject element) {
		if (element instanceof Design design) {
			return name(design.getName());
		}
		String name = element instanceof PackageElement e ? nameOf(e)
				: element instanceof Network n ? n.getName() : ((PowerFeed) element).getName();
		QualifiedName own = name(name);
		if (own == null) {
			return null;
		}
		EObject container = element.eContainer();
		if (element instanceof PackageElement) {
			QualifiedName pkg = container instanceof Design d ? getFullyQualifiedName(d) : null;
			return pkg == null ? own : pkg.append(own);
		}
		// networks and feeds: inside their site
		QualifiedName site = container instanceof Site s ? getFullyQualifiedName(s) : null;
		return site == null ? null : site.append(own);
	}

	private static String nameOf(PackageElement element) {
		EObject e = element;
		// every package element has a 'name' attribute (the grammar's alternatives all start with a name)
		Object name = e.eGet(e.eClass().getEStructuralFeature("name"));
		return name instanceof String s ? s : null;
	}

	private QualifiedName name(String text) {
		return text == null || text.isEmpty() ? null : converter.toQualifiedName(text);
	}
}
