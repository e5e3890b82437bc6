package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.ParamResolver.EffectiveParam;
import org.underlay.dsl.params.ParamResolver.Setting;
import org.underlay.dsl.params.Templates;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Site;

import com.google.inject.Inject;

/** Layering order global &lt; site &lt; room &lt; rack &lt; profiles in order &lt; device, and the chain behind each value. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class ParamProvenanceTest {

	private static final String DESIGN = """
			package p
			param os.image : string default "debian-12"
			param ntp : string default "pool"
			param tier : string
			param disks : int
			profile base { param os.image = "debian-12-base" param tier = "base" }
			profile web { param tier = "web" }
			site s {
				param os.image = "site-image"
				room r {
					param ntp = "room-ntp"
					rack k height 42 {
						param os.image = "rack-image"
						server a : T at 1 { profile base, web }
						server b : T at 2 { profile web, base param tier = "own" }
						server c : T at 3
					}
				}
			}
			device-type T { height 1 }
			""";

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	private Device device(String name) throws Exception {
		Design design = parser.parse(DESIGN);
		validation.assertNoErrors(design);
		Site site = (Site) design.getElements().stream().filter(Site.class::isInstance).findFirst().orElseThrow();
		return Sites.devicesOf(site).stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
	}

	private static List<String> chain(EffectiveParam param) {
		return param.chain().stream().map(s -> s.describe() + "=" + Values.render(s.value())).toList();
	}

	@Test
	void rackOverridesSiteAndProfilesOverrideRack() throws Exception {
		EffectiveParam image = ParamResolver.resolve(device("a"), "os.image");
		assertEquals(List.of("default=debian-12", "site s=site-image", "rack k=rack-image", "profile base=debian-12-base"),
				chain(image));
		assertEquals("debian-12-base", Values.render(image.value()));
		assertEquals("profile base", image.effective().describe());
	}

	@Test
	void laterProfileOverridesEarlierOne() throws Exception {
		assertEquals("web", Values.render(ParamResolver.resolve(device("a"), "tier").value()));
		EffectiveParam tierOfB = ParamResolver.resolve(device("b"), "tier");
		assertEquals(List.of("profile web=web", "profile base=base", "device b=own"), chain(tierOfB));
		assertEquals("own", Values.render(tierOfB.value()), "the device itself wins");
	}

	@Test
	void roomLayerAndDefaults() throws Exception {
		Device c = device("c");
		assertEquals(List.of("default=pool", "room r=room-ntp"), chain(ParamResolver.resolve(c, "ntp")));
		assertEquals("rack-image", Values.render(ParamResolver.resolve(c, "os.image").value()));
		EffectiveParam disks = ParamResolver.resolve(c, "disks");
		assertFalse(disks.isSet());
		assertNull(disks.effective());
	}

	@Test
	void everyDeclaredParamIsListedInNameOrder() throws Exception {
		List<String> names = ParamResolver.resolve(device("c")).stream().map(p -> p.declaration().getName()).toList();
		assertEquals(List.of("disks", "ntp", "os.image", "tier"), names);
		Setting rack = ParamResolver.resolve(device("c"), "os.image").effective();
		assertEquals(ParamResolver.LayerKind.RACK, rack.kind());
	}

	@Test
	void templatesRenderEffectiveValues() throws Exception {
		Device b = device("b");
		String rendered = Templates.render("install {{ os.image }} as {{tier}} {{ unknown }}",
				name -> {
					EffectiveParam param = ParamResolver.resolve(b, name);
					return param == null || !param.isSet() ? null : Values.render(param.value());
				});
		assertEquals("install debian-12-base as own {{ unknown }}", rendered);
		assertEquals(List.of("os.image", "tier", "unknown"), Templates.references("install {{ os.image }} as {{tier}} {{ unknown }}"));
	}
}
