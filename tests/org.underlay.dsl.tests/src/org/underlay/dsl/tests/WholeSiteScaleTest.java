package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntFunction;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.scoping.UnderlayResource;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Whole-site rules and linking at the size of a large site: each finding is right, and they stay near-linear. On the 2-core
 * CI machine the validation below (linking included) takes about 3 s; walking the used addresses again for each
 * address outside the subnet took 21 s.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class WholeSiteScaleTest {

	private static final int SERVERS = 40_000;
	private static final long BOUND_MILLIS = 15_000;

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private Provider<ResourceSet> resourceSets;

	/**
	 * 40,000 servers fill network big from its first host on; 40,000 more claim big with an address outside it. Each
	 * of those names the one free address after the used run; finding it once per address used to walk the run.
	 */
	@Test
	void addressesOutsideADenseSubnetNameItsNextFreeAddress() throws Exception {
		long first = Ipv4.parse("10.0.0.1");
		long outside = Ipv4.parse("11.0.0.1");
		Design design = site(2 * SERVERS, host -> Ipv4.format(host < SERVERS ? first + host : outside + host - SERVERS)
				+ " on big");

		long start = System.nanoTime();
		List<Issue> issues = validation.validate(design);
		long millis = (System.nanoTime() - start) / 1_000_000;

		String free = Ipv4.format(first + SERVERS);
		List<Issue> outsideBig = issues.stream().filter(i -> IssueCodes.ADDRESS_OUTSIDE_SUBNET.equals(i.getCode()))
				.toList();
		assertEquals(SERVERS, outsideBig.size(), () -> issues.subList(0, Math.min(5, issues.size())).toString());
		assertEquals(SERVERS, issues.size(), () -> issues.subList(0, Math.min(5, issues.size())).toString());
		assertEquals("11.0.0.1 is outside network big (10.0.0.0/16); next free address: " + free,
				outsideBig.get(0).getMessage());
		assertTrue(outsideBig.stream().allMatch(i -> i.getMessage().endsWith("; next free address: " + free)
				&& free.equals(i.getData()[0])));
		assertTrue(millis < BOUND_MILLIS, "validating took " + millis + " ms");
	}

	/**
	 * 40,000 servers each name a network that does not exist: one error each, none twice. Xtext searches the
	 * resource's list of errors for every one it adds (68 s for these on a 2-core machine, 227 s for 100,000);
	 * {@link UnderlayResource} keeps a set beside the list.
	 */
	@Test
	void everyUnresolvedNameIsOneErrorInNearLinearTime() throws Exception {
		long first = Ipv4.parse("10.0.0.1");
		Design design = site(SERVERS, host -> Ipv4.format(first + host) + " on missing" + host);
		assertInstanceOf(UnderlayResource.class, design.eResource());

		long start = System.nanoTime();
		EcoreUtil.resolveAll(design.eResource());
		long millis = (System.nanoTime() - start) / 1_000_000;

		List<Resource.Diagnostic> errors = design.eResource().getErrors();
		assertEquals(SERVERS, errors.size(), () -> errors.subList(0, Math.min(5, errors.size())).toString());
		assertEquals("unknown network 'missing0'", errors.get(0).getMessage());
		assertTrue(millis < BOUND_MILLIS, "linking took " + millis + " ms");

		// resolving again finds each error already there
		EcoreUtil.resolveAll(design.eResource());
		assertEquals(SERVERS, design.eResource().getErrors().size());
		assertEquals(SERVERS, validation.validate(design).stream()
				.filter(i -> IssueCodes.UNRESOLVED_REFERENCE.equals(i.getCode())).count());
	}

	/** A site with network big (10.0.0.0/16) and {@code servers} servers in racks of 40, each with one NIC. */
	private Design site(int servers, IntFunction<String> addressAndNetwork) throws Exception {
		StringBuilder site = new StringBuilder("package t.site\nimport test.lib.*\nsite s {\n");
		site.append("\tnetwork big subnet 10.0.0.0/16\n\troom r {\n");
		for (int host = 0; host < servers; host++) {
			if (host % 40 == 0) {
				site.append(host == 0 ? "" : "\t\t}\n").append("\t\track k").append(host / 40).append(" height 42 {\n");
			}
			site.append("\t\t\tserver h").append(host).append(" : OneU at ").append(host % 40 + 1)
					.append(" { nic eno1 address ").append(addressAndNetwork.apply(host)).append(" }\n");
		}
		site.append("\t\t}\n\t}\n}\n");
		ResourceSet set = resourceSets.get();
		parser.parse(DesignTestSupport.LIBRARY, set);
		return parser.parse(site, set);
	}
}
