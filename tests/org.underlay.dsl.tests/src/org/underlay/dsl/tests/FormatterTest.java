package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.StringInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.formatting2.DesignFormatting;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** The formatter lays out blocks and lines, changes no meaning, and is idempotent. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class FormatterTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	private XtextResource parse(String text, String name) throws Exception {
		XtextResource resource = (XtextResource) resourceSets.get().createResource(URI.createURI("mem:/" + name + ".underlay"));
		resource.load(new StringInputStream(text), null);
		return resource;
	}

	@Test
	void layoutOfACrampedDesign() throws Exception {
		String cramped = "package p\nimport q.*\ndevice-type T { vendor \"Dell\" model \"R650\"\n      height 1 port eth0..1 speed 25G }\n"
				+ "site s { room r { rack k height 42 { server a : T at 1 { nic eth0 address 10.0.0.5 on n } server b : T at 2 } }\n"
				+ "network n subnet 10.0.0.0/24 }\n";
		String formatted = DesignFormatting.format(parse(cramped, "cramped"));
		assertEquals("""
				package p
				import q.*

				device-type T {
					vendor "Dell" model "R650"
					height 1
					port eth0..1 speed 25G
				}

				site s {
					room r {
						rack k height 42 {
							server a : T at 1 {
								nic eth0 address 10.0.0.5 on n
							}
							server b : T at 2
						}
					}
					network n subnet 10.0.0.0/24
				}
				""", formatted);
		assertEquals(formatted, DesignFormatting.format(parse(formatted, "again")), "idempotent");
	}

	@Test
	void examplesKeepTheirMeaningAndAreStableUnderFormatting() throws Exception {
		List<Path> files = DesignFiles.find(DesignTestSupport.examples());
		for (Path file : files) {
			String original = DesignTestSupport.read(file);
			String name = file.getFileName().toString();
			XtextResource before = parse(original, name);
			String once = DesignFormatting.format(before);
			XtextResource after = parse(once, name); // same URI: unresolved links compare equal
			assertTrue(after.getErrors().isEmpty(), () -> file + " formats into syntax errors:\n" + once);
			assertTrue(EcoreUtil.equals(before.getContents().get(0), after.getContents().get(0)),
					() -> file + " changed meaning when formatted:\n" + once);
			assertEquals(once, DesignFormatting.format(after), file + ": formatting twice changes the text");
		}
	}

	@Test
	void textWithSyntaxErrorsIsLeftAlone() throws Exception {
		String broken = "package p site s {   room r { rack";
		assertEquals(broken, DesignFormatting.format(parse(broken, "broken")));
	}
}
