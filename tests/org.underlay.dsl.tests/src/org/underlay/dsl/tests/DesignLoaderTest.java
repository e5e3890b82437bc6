package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.Site;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** Several files parsed at a time end up in one resource set and link across files; names are what scopes need. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class DesignLoaderTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IQualifiedNameProvider names;

	@TempDir
	Path folder;

	@Test
	void parsesFilesInParallelIntoOneLinkedResourceSet() throws Exception {
		List<URI> uris = new ArrayList<>();
		uris.add(write("lib.underlay", """
				package t.lib
				param ntp.servers : string default "pool"
				device-type Box { height 1 port eth0 }
				"""));
		for (int i = 0; i < 6; i++) {
			uris.add(write("site" + i + ".underlay", """
					package t.s%1$d
					import t.lib.*
					site s%1$d {
						network prod subnet 10.%1$d.0.0/24
						room r { rack a height 10 { server h%1$d : Box at 1 { nic eth0 address 10.%1$d.0.5 on prod } } }
					}
					""".formatted(i)));
		}
		URI missing = URI.createFileURI(folder.resolve("gone.underlay").toString());
		uris.add(missing);
		XtextResourceSet target = resourceSets.get();

		Map<URI, Exception> failed = DesignLoader.loadAll(target, resourceSets::get, uris);

		assertEquals(List.of(missing), List.copyOf(failed.keySet()), "only the missing file fails");
		assertEquals(7, target.getResources().size());
		assertNull(target.getResource(missing, false), "no half-read resource is left behind");
		for (URI uri : uris.subList(0, 7)) {
			assertTrue(target.getResource(uri, false).getErrors().isEmpty(), uri.lastSegment());
		}
		EcoreUtil.resolveAll(target);
		for (int i = 1; i < 7; i++) {
			Site site = (Site) ((Design) target.getResource(uris.get(i), false).getContents().get(0)).getElements()
					.get(0);
			Device device = Sites.devicesOf(site).get(0);
			assertFalse(device.getType().eIsProxy(), "device type resolved across files in " + site.getName());
			assertEquals(target, device.getType().eResource().getResourceSet());
			assertEquals("t.lib.Box", names.getFullyQualifiedName(device.getType()).toString());
		}
		// loading again reads nothing twice
		assertTrue(DesignLoader.loadAll(target, resourceSets::get, uris.subList(0, 7)).isEmpty());
		assertEquals(7, target.getResources().size());
	}

	@Test
	void namesOnlyWhatCanBeReferredTo() throws Exception {
		URI uri = write("one.underlay", """
				package t.one
				param ntp.servers : string default "pool"
				device-type Box { height 1 port eth0 }
				site s { feed a voltage 230 amps 16 network prod subnet 10.0.0.0/24
					room r { rack k height 10 { server h : Box at 1 } } }
				""");
		XtextResourceSet set = resourceSets.get();
		DesignLoader.loadAll(set, resourceSets::get, List.of(uri));
		Design design = (Design) set.getResource(uri, false).getContents().get(0);
		Site site = (Site) design.getElements().get(2);
		ParamDecl param = (ParamDecl) design.getElements().get(0);
		assertEquals("t.one", name(design));
		assertEquals("t.one.ntp.servers", name(param));
		assertEquals("t.one.s", name(site));
		assertEquals("t.one.s.prod", name(site.getNetworks().get(0)));
		assertEquals("t.one.s.a", name(site.getFeeds().get(0)));
		Device device = Sites.devicesOf(site).get(0);
		assertNull(names.getFullyQualifiedName(device), "devices are scoped by host name, not exported");
		assertNull(names.getFullyQualifiedName(site.getRooms().get(0)));
		assertNull(names.getFullyQualifiedName(device.getType().getPorts().get(0)));
	}

	private String name(EObject element) {
		return String.valueOf(names.getFullyQualifiedName(element));
	}

	private URI write(String name, String text) throws Exception {
		Path file = folder.resolve(name);
		Files.writeString(file, text);
		return URI.createFileURI(file.toString());
	}
}
