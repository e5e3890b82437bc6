package org.underlay.dsl.ui;

import org.underlay.dsl.ide.UnderlayIdeSetup;

import com.google.inject.Injector;

/**
 * The Underlay language as the workbench sees it: one Guice injector with the runtime and ide modules. Guice stays
 * behind this class; the rest of the workbench asks for services through it.
 */
public final class UnderlayLanguage {

	private static volatile Injector injector;

	private UnderlayLanguage() {
	}

	public static Injector injector() {
		Injector result = injector;
		if (result == null) {
			synchronized (UnderlayLanguage.class) {
				result = injector;
				if (result == null) {
					injector = result = new UnderlayIdeSetup().createInjectorAndDoEMFRegistration();
				}
			}
		}
		return result;
	}

	public static <T> T get(Class<T> type) {
		return injector().getInstance(type);
	}
}
