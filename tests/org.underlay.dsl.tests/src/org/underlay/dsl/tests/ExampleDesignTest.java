package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** The bundled examples are real designs: they must load, link and validate clean. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class ExampleDesignTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	@Test
	void everyExampleValidatesClean() throws Exception {
		List<Path> files = DesignFiles.find(DesignTestSupport.examples());
		assertTrue(files.size() >= 2, "examples hold a library and a site: " + files);
		XtextResourceSet resourceSet = load(files);
		for (Resource resource : resourceSet.getResources()) {
			List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
			assertTrue(issues.isEmpty(), () -> resource.getURI().lastSegment() + ":\n" + DesignTestSupport.describe(issues));
		}
	}

	@Test
	void fra1HasTwoRacksTenServersTwoSwitchesAndAbPdus() throws Exception {
		Path root = DesignTestSupport.examples().resolve("acme-dc");
		XtextResourceSet resourceSet = load(DesignFiles.find(root));
		Design fra1 = (Design) resourceSet.getResource(URI.createFileURI(root.resolve("sites/fra1.underlay").toString()), false)
				.getContents().get(0);
		Site site = (Site) fra1.getElements().get(0);
		List<Device> devices = Sites.devicesOf(site);
		assertEquals(2, site.getRooms().get(0).getRacks().size());
		assertEquals(10, count(devices, DeviceKind.SERVER));
		assertEquals(2, count(devices, DeviceKind.SWITCH));
		assertEquals(4, count(devices, DeviceKind.PDU), "an A and a B PDU per rack");
		List<String> types = new ArrayList<>();
		for (Device device : devices) {
			assertTrue(!device.getType().eIsProxy(), device.getName() + " has a resolved type");
			if (device.getKind() == DeviceKind.SERVER && !types.contains(device.getType().getName())) {
				types.add(device.getType().getName());
			}
		}
		assertEquals(4, types.size(), "four server types: " + types);
	}

	@Test
	void libraryHasAtLeastTenDeviceTypesAndEverySiteHasProductionAndLab() throws Exception {
		Path root = DesignTestSupport.examples().resolve("acme-dc");
		XtextResourceSet resourceSet = load(DesignFiles.find(root));
		List<String> types = new ArrayList<>();
		List<String> environments = new ArrayList<>();
		for (Resource resource : resourceSet.getResources()) {
			for (EObject element : ((Design) resource.getContents().get(0)).getElements()) {
				if (element instanceof DeviceType type) {
					types.add(type.getName());
				} else if (element instanceof Environment environment) {
					environments.add(environment.getName() + " for " + environment.getSite().getName());
				}
			}
		}
		assertTrue(types.size() >= 10, "device types: " + types);
		assertEquals(List.of("lab for ams1", "lab for fra1", "production for ams1", "production for fra1"),
				environments.stream().sorted().toList());
	}

	private XtextResourceSet load(List<Path> files) {
		XtextResourceSet resourceSet = resourceSets.get();
		for (Path file : files) {
			resourceSet.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
		}
		return resourceSet;
	}

	private static long count(List<Device> devices, DeviceKind kind) {
		return devices.stream().filter(d -> d.getKind() == kind).count();
	}
}
