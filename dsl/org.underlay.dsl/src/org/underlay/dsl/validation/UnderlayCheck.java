package org.underlay.dsl.validation;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/** Base of the validators composed into {@link UnderlayValidator}: they run as part of it, never on their own. */
abstract class UnderlayCheck extends AbstractDeclarativeValidator {

	@Override
	public void register(EValidatorRegistrar registrar) {
		// composed: UnderlayValidator registers for all of them
	}
}
