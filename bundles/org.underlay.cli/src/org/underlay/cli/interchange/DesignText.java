package org.underlay.cli.interchange;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.SaveOptions;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.serializer.sequencer.ITransientValueService;
import org.eclipse.xtext.serializer.sequencer.LegacyTransientValueService;
import org.underlay.dsl.UnderlayRuntimeModule;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * A rebuilt model (from {@link DesignJson}) as design text, through Xtext's serializer and the language's formatter.
 * <p>
 * The serializer leaves out attributes that hold their default value ({@code left}, {@code height 0}), which the
 * language reads differently from an absent one (a half-width device without a side takes the whole unit; a type
 * without a height is an error). So the serializer here writes every attribute the JSON gave.
 */
public final class DesignText {

	private DesignText() {
	}

	/**
	 * The text of each file of the model, by its path. The language must be registered (EMF registry) already;
	 * {@code folder} is where the files will live (their URIs while serializing).
	 */
	public static Map<String, String> of(DesignJson.Model model, Path folder) {
		WrittenValues written = new WrittenValues(model.written());
		Injector injector = Guice.createInjector(Modules.override(new UnderlayRuntimeModule()).with(new AbstractModule() {
			@Override
			protected void configure() {
				bind(ITransientValueService.class).toInstance(written);
			}
		}));
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		for (DesignJson.DesignFile file : model.files()) {
			Resource resource = set.createResource(
					URI.createFileURI(folder.resolve(file.path()).toAbsolutePath().normalize().toString()));
			resource.getContents().add(file.design());
		}
		ISerializer serializer = injector.getInstance(ISerializer.class);
		Map<String, String> texts = new LinkedHashMap<>();
		for (DesignJson.DesignFile file : model.files()) {
			String text = serializer.serialize(file.design(), SaveOptions.newBuilder().format().getOptions());
			texts.put(file.path(), text.endsWith("\n") ? text : text + "\n");
		}
		return texts;
	}

	/** Xtext's rule (default values are left out) except for the attributes given explicitly. */
	static final class WrittenValues extends LegacyTransientValueService {
		private final Map<EObject, Set<EStructuralFeature>> written;

		WrittenValues(Map<EObject, Set<EStructuralFeature>> written) {
			this.written = written;
		}

		@Override
		public ValueTransient isValueTransient(EObject semanticObject, EStructuralFeature feature) {
			Set<EStructuralFeature> given = written.get(semanticObject);
			if (given != null && given.contains(feature) && !feature.isMany()) {
				return ValueTransient.NO;
			}
			return super.isValueTransient(semanticObject, feature);
		}
	}
}
