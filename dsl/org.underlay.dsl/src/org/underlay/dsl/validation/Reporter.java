package org.underlay.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/** What rule helpers need of a validator: a way to report. */
interface Reporter {

	void error(String message, EObject source, EStructuralFeature feature, String code, String... data);

	void warning(String message, EObject source, EStructuralFeature feature, String code, String... data);
}
