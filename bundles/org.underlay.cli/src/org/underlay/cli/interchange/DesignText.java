package org.underlay.cli.interchange;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.eclipse.xtext.conversion.impl.STRINGValueConverter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegionsFinder;
import org.underlay.dsl.UnderlayRuntimeModule;
import org.underlay.dsl.formatting2.UnderlayFormatter;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Endpoint;
import org.underlay.dsl.underlay.OutletSpec;
import org.underlay.dsl.underlay.PortSpec;

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
				bind(IFormatter2.class).to(ListFormatter.class);
				bind(STRINGValueConverter.class).to(DoubleQuotedStrings.class);
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

	/**
	 * The language's formatter keeps spacing within a line as written; a serialized model has none written, so it
	 * gets it here: {@code feeds a, b}, {@code ["x", "y"]}, {@code eno1..2}, {@code 10.0.0.1:443}, one device-type
	 * property per line.
	 */
	static final class ListFormatter extends UnderlayFormatter {
		@Override
		public void format(Object object, IFormattableDocument document) {
			super.format(object, document);
			if (object instanceof EObject element && !(object instanceof Design)) {
				ISemanticRegionsFinder regions = textRegionExtensions.regionFor(element);
				for (ISemanticRegion comma : regions.keywords(",")) {
					document.prepend(comma, f -> f.noSpace());
					document.append(comma, f -> f.oneSpace());
				}
				for (ISemanticRegion open : regions.keywords("[")) {
					document.append(open, f -> f.noSpace());
				}
				for (ISemanticRegion close : regions.keywords("]")) {
					document.prepend(close, f -> f.noSpace());
				}
				if (element instanceof PortSpec || element instanceof OutletSpec) {
					for (ISemanticRegion range : regions.keywords("..")) {
						document.surround(range, f -> f.noSpace());
					}
				}
				if (element instanceof Endpoint) {
					for (ISemanticRegion colon : regions.keywords(":")) {
						document.surround(colon, f -> f.noSpace());
					}
				}
				if (element instanceof DeviceType) {
					// one property per line, but 'model' beside 'vendor' as the examples write it
					for (String keyword : List.of("height", "half-width", "half-depth", "psus", "capacity")) {
						for (ISemanticRegion property : regions.keywords(keyword)) {
							document.prepend(property, f -> f.newLine());
						}
					}
				}
			}
		}
	}

	/** Strings as the design writes them: only the double quote, backslash and control characters escaped. */
	static final class DoubleQuotedStrings extends STRINGValueConverter {
		@Override
		protected String toEscapedString(String value) {
			StringBuilder out = new StringBuilder("\"");
			for (char c : value.toCharArray()) {
				switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
				}
			}
			return out.append('"').toString();
		}
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
