package org.underlay.dsl.tests;

import org.eclipse.xtext.testing.GlobalRegistries;
import org.eclipse.xtext.testing.GlobalRegistries.GlobalStateMemento;
import org.eclipse.xtext.testing.IInjectorProvider;
import org.eclipse.xtext.testing.IRegistryConfigurator;
import org.underlay.dsl.UnderlayStandaloneSetup;

import com.google.inject.Injector;

/** Gives tests the language's injector and restores EMF's global registries after each test. */
public class UnderlayInjectorProvider implements IInjectorProvider, IRegistryConfigurator {

	private GlobalStateMemento beforeInjection;
	private GlobalStateMemento afterInjection;
	private Injector injector;

	static {
		GlobalRegistries.initializeDefaults();
	}

	@Override
	public Injector getInjector() {
		if (injector == null) {
			beforeInjection = GlobalRegistries.makeCopyOfGlobalState();
			injector = new UnderlayStandaloneSetup().createInjectorAndDoEMFRegistration();
			afterInjection = GlobalRegistries.makeCopyOfGlobalState();
		}
		return injector;
	}

	@Override
	public void restoreRegistry() {
		beforeInjection.restoreGlobalState();
	}

	@Override
	public void setupRegistry() {
		getInjector();
		afterInjection.restoreGlobalState();
	}
}
