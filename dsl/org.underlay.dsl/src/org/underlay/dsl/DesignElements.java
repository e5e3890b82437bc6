package org.underlay.dsl;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.PackageElement;

/** The files of the design an element belongs to (its resource set), and their top-level elements. */
public final class DesignElements {

	private DesignElements() {
	}

	/** The resources of the context's design: its resource set, or its resource alone. */
	public static List<Resource> resourcesOf(EObject context) {
		Resource own = context == null ? null : context.eResource();
		return own == null ? List.of()
				: own.getResourceSet() == null ? List.of(own) : List.copyOf(own.getResourceSet().getResources());
	}

	/** The top-level elements of the given resources, of one kind. */
	public static <T extends PackageElement> List<T> elementsOf(List<Resource> resources, Class<T> kind) {
		List<T> elements = new ArrayList<>();
		for (Resource resource : resources) {
			for (EObject root : resource.getContents()) {
				if (root instanceof Design design) {
					for (PackageElement element : design.getElements()) {
						if (kind.isInstance(element)) {
							elements.add(kind.cast(element));
						}
					}
				}
			}
		}
		return elements;
	}
}
