package org.underlay.drawings.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.DotExport;
import org.underlay.drawings.export.PngExport;
import org.underlay.drawings.export.SvgExport;
import org.underlay.drawings.export.WorkPackage;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Site;
import org.underlay.testing.design.Designs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** SVG is well-formed with an element per device, DOT parses with Graphviz, CSV columns are stable, PNG decodes. */
class ExportTest {

	@TempDir
	Path folder;

	@Test
	void elevationSvgIsWellFormedWithAnElementForEveryDevice() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Drawing drawing = ElevationLayout.draw(Elevation.of(fra1, null, Elevation.Problems.NONE), ColourBy.ROLE);
		Document svg = parse(SvgExport.toSvg(drawing, "fra1 & friends <elevations>"));
		assertEquals("svg", svg.getDocumentElement().getTagName());
		Set<String> drawn = new HashSet<>();
		NodeList rects = svg.getElementsByTagName("rect");
		for (int i = 0; i < rects.getLength(); i++) {
			Element rect = (Element) rects.item(i);
			if (rect.getAttribute("data-kind").equals("device")) {
				drawn.add(rect.getAttribute("data-id"));
			}
		}
		Set<String> devices = Sites.devicesOf(fra1).stream().map(d -> "device:" + d.getName())
				.collect(Collectors.toSet());
		assertEquals(devices, drawn, "every device, and nothing else, has a device element");
		assertEquals("fra1 & friends <elevations>",
				svg.getDocumentElement().getElementsByTagName("title").item(0).getTextContent());
	}

	@Test
	void topologySvgAndPngRenderTheSameDrawing() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Drawing drawing = TopologyLayout.draw(Topology.of(fra1), Set.of());
		Document svg = parse(SvgExport.toSvg(drawing, "fra1"));
		assertEquals(fra1.getLinks().size(), svg.getElementsByTagName("polyline").getLength());

		ByteArrayOutputStream png = new ByteArrayOutputStream();
		PngExport.write(drawing, 2, png);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
		assertEquals((int) Math.ceil(drawing.width() * 2), image.getWidth());
		assertEquals((int) Math.ceil(drawing.height() * 2), image.getHeight());
		// something was painted: not every pixel is the background
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 7) {
			for (int x = 0; x < image.getWidth(); x += 7) {
				colours.add(image.getRGB(x, y) & 0xffffff);
			}
		}
		assertTrue(colours.size() > 5, "colours painted: " + colours.size());
	}

	@Test
	void dotParsesWithGraphviz() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		String dot = DotExport.toDot(Topology.of(fra1));
		Path file = folder.resolve("fra1.dot");
		Files.writeString(file, dot);
		Path dotTool = Path.of("/usr/bin/dot");
		assertTrue(Files.isExecutable(dotTool), "Graphviz 'dot' is needed to check the export: apt-get install graphviz");
		Process process = new ProcessBuilder(dotTool.toString(), "-Tplain", file.toString()).redirectErrorStream(true)
				.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, process.exitValue(), output);
		// -Tplain lists one 'edge' line per cable and one 'node' line per device
		long edges = output.lines().filter(l -> l.startsWith("edge ")).count();
		long nodes = output.lines().filter(l -> l.startsWith("node ")).count();
		assertEquals(fra1.getLinks().size(), edges);
		assertEquals(Topology.of(fra1).nodes().size(), nodes);
		assertTrue(dot.contains("\"web-01\" -- \"tor-r01\" [taillabel=\"ens1f0\", headlabel=\"Ethernet1\""), dot);
	}

	@Test
	void csvColumnsAreStable() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		List<String> ip = CsvExport.ipPlan(fra1).lines().toList();
		assertEquals("site,room,rack,device,kind,interface,mac,address,network,vlan,subnet,gateway", ip.get(0));
		assertTrue(ip.contains("fra1,dh2,r01,web-01,server,ens1f0,02:00:0a:0a:00:0b,10.10.0.11,prod,110,10.10.0.0/24,10.10.0.1"),
				() -> String.join("\n", ip));
		assertTrue(ip.contains("fra1,dh2,r01,web-01,server,bmc,02:00:0a:14:00:0b,10.20.0.11,oob,120,10.20.0.0/24,10.20.0.1"));
		long interfaces = Sites.devicesOf(fra1).stream().mapToLong(this::addressed).sum();
		assertEquals(interfaces, ip.size() - 1);

		List<String> cables = CsvExport.cableSheet(fra1).lines().toList();
		assertEquals("site,cable_id,a_rack,a_device,a_unit,a_port,b_rack,b_device,b_unit,b_port,cable,length_m,colour",
				cables.get(0));
		assertEquals("fra1,FRA1-C0001,r01,web-01,U40,ens1f0,r01,tor-r01,U42,Ethernet1,dac,2,", cables.get(1));
		assertEquals(fra1.getLinks().size() + 1, cables.size());
		assertEquals("\"a,b\"", csvCell("a,b"));
	}

	@Test
	void workPackageHasElevationsCablesAddressesAndBmcPlanButNoSecrets() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		String html = WorkPackage.toHtml(fra1, "test-revision", Elevation.Problems.NONE);
		assertTrue(html.startsWith("<!DOCTYPE html>"));
		for (String expected : List.of("Work package: site fra1", "1. Rack elevations", "<svg", "2. Cable run sheet",
				"FRA1-C0001", "3. IP plan", "10.10.0.11", "4. BMC address plan", "Environment production",
				"Environment lab", "10.20.0.11:443", "fra1-bmc", "test-revision")) {
			assertTrue(html.contains(expected), "work package has " + expected);
		}
		// the inline SVG of each room is well-formed on its own
		String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
		parse(svg);
	}

	private long addressed(Device device) {
		return device.getMembers().stream().filter(m -> m instanceof Interface
				|| m instanceof BmcInterface).count();
	}

	private static String csvCell(String value) throws Exception {
		var method = CsvExport.class.getDeclaredMethod("cell", String.class);
		method.setAccessible(true);
		return (String) method.invoke(null, value);
	}

	private static Document parse(String xml) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}
}
