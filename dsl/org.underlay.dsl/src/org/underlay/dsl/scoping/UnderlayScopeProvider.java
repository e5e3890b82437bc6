package org.underlay.dsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.scoping.impl.MapBasedScope;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage;

import com.google.inject.Inject;

/**
 * Devices are host names: within a site (links, power connections) and in an environment bound to that site they are
 * referred to by their plain name, wherever in the site's rooms and racks they stand. Everything else is scoped by
 * qualified names and imports.
 */
public class UnderlayScopeProvider extends AbstractUnderlayScopeProvider {

	@Inject
	private IResourceScopeCache cache;

	@Override
	public IScope getScope(EObject context, EReference reference) {
		EClass target = reference.getEReferenceType();
		if (target == UnderlayPackage.Literals.DEVICE) {
			Site site = siteOf(context);
			if (site != null) {
				return devicesOf(site);
			}
		}
		// Top-level elements (types, params, profiles, workflows, sites) cannot be nested in a site, room or rack,
		// so the scope seen from any depth equals the one at the file's root: compute it once per file.
		if (UnderlayPackage.Literals.PACKAGE_ELEMENT.isSuperTypeOf(target)) {
			Design design = EcoreUtil2.getContainerOfType(context, Design.class);
			if (design != null && design != context && context.eResource() != null) {
				return cache.get(Tuples.create(UnderlayScopeProvider.class, design, reference), context.eResource(),
						() -> super.getScope(design, reference));
			}
		}
		// Networks and feeds live directly in a site: rooms and racks add nothing to their scope.
		if (target == UnderlayPackage.Literals.NETWORK || target == UnderlayPackage.Literals.POWER_FEED) {
			Site site = EcoreUtil2.getContainerOfType(context, Site.class);
			if (site != null && site != context && context.eResource() != null) {
				return cache.get(Tuples.create(UnderlayScopeProvider.class, site, reference), context.eResource(),
						() -> super.getScope(site, reference));
			}
		}
		return super.getScope(context, reference);
	}

	private static Site siteOf(EObject context) {
		Site site = EcoreUtil2.getContainerOfType(context, Site.class);
		if (site != null) {
			return site;
		}
		Environment environment = EcoreUtil2.getContainerOfType(context, Environment.class);
		if (environment == null) {
			return null;
		}
		// resolves the environment's 'for' reference (possibly into another file)
		Site bound = environment.getSite();
		return bound == null || bound.eIsProxy() ? null : bound;
	}

	/** A hash-backed scope of the site's devices, computed once per site until its resource changes. */
	private IScope devicesOf(Site site) {
		return cache.get(Tuples.pair(UnderlayScopeProvider.class, site), site.eResource(), () -> {
			List<Device> devices = new ArrayList<>(Sites.devicesOf(site));
			Iterable<IEObjectDescription> described = Scopes.scopedElementsFor(devices);
			return MapBasedScope.createScope(IScope.NULLSCOPE, described);
		});
	}
}
