package org.underlay.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/** Base of the validators composed into {@link UnderlayValidator}: they run as part of it, never on their own. */
abstract class UnderlayCheck extends AbstractDeclarativeValidator implements Reporter {

	@Override
	public void register(EValidatorRegistrar registrar) {
		// composed: UnderlayValidator registers for all of them
	}

	@Override
	public void error(String message, EObject source, EStructuralFeature feature, String code, String... data) {
		super.error(message, source, feature, code, data);
	}

	@Override
	public void warning(String message, EObject source, EStructuralFeature feature, String code, String... data) {
		super.warning(message, source, feature, code, data);
	}
}
