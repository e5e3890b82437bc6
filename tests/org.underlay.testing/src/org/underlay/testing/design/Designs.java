package org.underlay.testing.design;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;

/** Loads designs for the tests: the bundled example, or text written to a folder. */
public final class Designs {

	private Designs() {
	}

	public static Path example() {
		String folder = System.getProperty("underlay.examples");
		if (folder == null) {
			throw new IllegalStateException("system property underlay.examples is not set (the build sets it)");
		}
		return Path.of(folder, "acme-dc");
	}

	public static XtextResourceSet load(Path root) throws IOException {
		XtextResourceSet set = UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class);
		List<URI> uris = DesignFiles.find(root).stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString()))
				.toList();
		var failed = DesignLoader.loadAll(set, () -> UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class), uris);
		if (!failed.isEmpty()) {
			throw new IOException("cannot read " + failed.keySet());
		}
		EcoreUtil.resolveAll(set);
		return set;
	}

	public static Site site(XtextResourceSet set, String name) {
		for (var resource : set.getResources()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
				for (var element : design.getElements()) {
					if (element instanceof Site site && site.getName().equals(name)) {
						return site;
					}
				}
			}
		}
		throw new AssertionError("no site " + name);
	}

	/** Writes a one-file design (plus a small library) and returns its only site. */
	public static Site site(Path folder, String siteText) throws IOException {
		Files.writeString(folder.resolve("lib.underlay"), """
				package t.lib
				device-type OneU { vendor "Dell" model "PowerEdge R650" height 1 port eth0..1 psus 2 watts 800 }
				device-type TwoU { vendor "HPE" model "ProLiant DL380 Gen11" height 2 port eth0 psus 2 watts 1000 }
				device-type HalfLeaf { vendor "NVIDIA" model "SN2010" height 1 half-width port swp1..4 psus 2 watts 250 }
				device-type Shelf { height 1 half-depth }
				device-type Panel { height 1 port front1..4 port rear1..4 }
				device-type Strip { height 0 capacity 3680 outlet C13-1..8 c13 }
				device-type Leaf { height 1 port swp1..4 bmc ipmi }
				device-type Box { height 1 port eth0 bmc ipmi { power on, off boot pxe, disk } }
				""");
		Files.writeString(folder.resolve("site.underlay"), "package t.site\nimport t.lib.*\n" + siteText);
		XtextResourceSet set = load(folder);
		return (Site) ((Design) set.getResource(URI.createFileURI(folder.resolve("site.underlay").toString()), false)
				.getContents().get(0)).getElements().get(0);
	}

	/** The environment {@code name} bound to the site. */
	public static Environment environment(Site site, String name) {
		return Sites.environmentsOf(site).stream().filter(e -> e.getName().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no environment " + name + " for site " + site.getName()));
	}
}
