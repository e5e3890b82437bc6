package org.underlay.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/** How a rule helper reports an error: a validator passes its own {@code this::error}. */
@FunctionalInterface
interface Reporter {

	void error(String message, EObject source, EStructuralFeature feature, String code, String... data);
}
