package org.underlay.bench.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bench.BenchCommand;
import org.underlay.bench.design.DesignBench;
import org.underlay.bench.design.SyntheticDesign;

/**
 * The bench row of one site with as many networks as addresses (100,000 each in {@code underlay bench}), run small:
 * the design it generates is valid and the figures it prints add up. No figure is compared with a time.
 */
class NetworkRowTest {

	private static final Pattern ROW = Pattern.compile(
			"(\\d+) networks, (\\d+) addresses +(\\d+) +(\\d+) +(\\d+) +\\((\\d+) / (\\d+) / (\\d+)\\)");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void rowOfTwoThousandNetworksAndAddressesAddsUp(@TempDir Path dir) throws Exception {
		new DesignBench(print(out), print(err)).networks(dir, 2_000);

		String text = out.toString(StandardCharsets.UTF_8);
		Matcher row = ROW.matcher(text.strip());
		assertTrue(row.matches(), "not one row of figures: " + text);
		assertEquals("", err.toString(StandardCharsets.UTF_8), "the generated site has issues");
		assertEquals(2_000, Long.parseLong(row.group(1)));
		assertEquals(2_000, Long.parseLong(row.group(2)));
		long lines = SyntheticDesign.LIBRARY.lines().count() + SyntheticDesign.networkSite(2_000, 2_000).lines().count();
		assertEquals(lines, Long.parseLong(row.group(3)), "lines");
		long total = Long.parseLong(row.group(4));
		long parts = Long.parseLong(row.group(6)) + Long.parseLong(row.group(7)) + Long.parseLong(row.group(8));
		assertTrue(total >= parts && total <= parts + 3, "total " + total + " ms is not parse + link + validate " + parts);
		long heap = Long.parseLong(row.group(5));
		assertTrue(heap > 0 && heap < Runtime.getRuntime().maxMemory() / (1024 * 1024), "peak heap " + heap + " MB");
	}

	@Test
	void generatedSiteHoldsWhatItSays() {
		String site = SyntheticDesign.networkSite(5_000, 5_000);
		assertEquals(5_000, site.lines().filter(l -> l.startsWith("\tnetwork ")).count());
		assertEquals(4_094, site.lines().filter(l -> l.contains(" vlan ")).count(), "one VLAN each, as many as there are");
		assertEquals(5_000, site.lines().filter(l -> l.contains(" address ")).count());
		assertTrue(site.contains("\tnetwork net4999 subnet 10.1.56.112/28 gateway 10.1.56.113\n"), site.substring(0, 200));
		assertTrue(site.contains("server h4999 : Server1U at 40 {\n\t\t\t\tnic ens1f0 mac \"02:ff:00:00:13:87\" address "
				+ "10.1.56.114 on net4999\n"));
	}

	@Test
	void networkCountIsChecked() {
		assertEquals(2, new BenchCommand(print(out), print(err)).run(new String[] { "--networks", "many" }));
		assertEquals("underlay bench: not a network count: many", err.toString(StandardCharsets.UTF_8).strip());
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}
}
