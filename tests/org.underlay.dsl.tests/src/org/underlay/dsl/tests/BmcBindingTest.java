package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.util.StringInputStream;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.underlay.dsl.formatting2.DesignFormatting;
import org.underlay.dsl.underlay.BmcEndpoint;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * The binding syntax of real BMCs: which system and manager of a BMC, the CA that signs its certificate (a file of
 * the design folder or an absolute path), its pinned fingerprint, and the insecure settings it has to allow by name.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class BmcBindingTest {

	private static final String LIBRARY = """
			package t.lib
			device-type Dell { height 1 bmc redfish }
			device-type Smc { height 1 bmc ipmi }
			""";

	/** The site, with the Redfish server's BMC options in place of %s and the IPMI server's in place of the second. */
	private static final String SITE = """
			package t.site
			import t.lib.*
			site s {
				room r { rack k height 4 { server a : Dell at 1  server b : Smc at 2 } }
			}
			environment production for s {
				a { bmc redfish bmc-a.example:443 credential fra1-bmc %s }
				b { bmc ipmi 10.0.0.2:623 credential fra1-bmc %s }
			}
			""";

	private static final String PIN = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private ISerializer serializer;

	@TempDir
	Path tmp;

	private Path designFolder() throws Exception {
		return Files.createDirectories(tmp.resolve("design"));
	}

	@Test
	void aRealBmcsBindingParsesAndValidatesClean() throws Exception {
		Path root = designFolder();
		Files.createDirectories(root.resolve("certs"));
		Files.writeString(root.resolve("certs/fra1-bmc-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
		List<Issue> issues = validate(root,
				"system \"System.Embedded.1\" manager \"iDRAC.Embedded.1\" tls-ca \"certs/fra1-bmc-ca.pem\"",
				"cipher 17");
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@Test
	void optionsComeInAnyOrder() throws Exception {
		List<Issue> issues = validate(designFolder(), "tls-fingerprint \"" + PIN + "\" manager \"BMC\" system \"1\"",
				"cipher 3");
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@Test
	void theCaFileIsLookedUpInTheDesignFolder() throws Exception {
		Path root = designFolder();
		List<Issue> issues = validate(root, "tls-ca \"certs/fra1-bmc-ca.pem\"", "");
		assertEquals(1, issues.size(), () -> DesignTestSupport.describe(issues));
		assertEquals(IssueCodes.TLS_CA_NOT_FOUND, issues.get(0).getCode());
		assertEquals(Severity.ERROR, issues.get(0).getSeverity());
		assertEquals("tls-ca certs/fra1-bmc-ca.pem not found in the design folder (" + root + ")",
				issues.get(0).getMessage());
		assertEquals(List.of("certs/fra1-bmc-ca.pem"), List.of(issues.get(0).getData()));
	}

	@Test
	void anAbsoluteCaFileMustExistToo() throws Exception {
		Path ca = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
		assertTrue(validate(designFolder(), "tls-ca \"" + ca + "\"", "").isEmpty());
		List<Issue> issues = validate(designFolder(), "tls-ca \"" + tmp.resolve("nope.pem") + "\"", "");
		assertEquals(List.of(IssueCodes.TLS_CA_NOT_FOUND), issues.stream().map(Issue::getCode).toList(),
				() -> DesignTestSupport.describe(issues));
	}

	@ParameterizedTest
	@ValueSource(strings = { PIN, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789" })
	void sha256FingerprintsWithOrWithoutColons(String pin) throws Exception {
		List<Issue> issues = validate(designFolder(), "tls-fingerprint \"" + pin + "\"", "");
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "AB:CD", "sha256:" + "ab", "ZZ" + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567",
			"abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567", // 62 digits
			"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab", // SHA-1 is 40, this is 66
			"ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89" })
	void otherFingerprintsAreErrors(String pin) throws Exception {
		List<Issue> issues = validate(designFolder(), "tls-fingerprint \"" + pin + "\"", "");
		assertEquals(List.of(IssueCodes.INVALID_FINGERPRINT), issues.stream().map(Issue::getCode).toList(),
				() -> DesignTestSupport.describe(issues));
		assertEquals(Severity.ERROR, issues.get(0).getSeverity());
	}

	@Test
	void cipherZeroIsAnErrorUnlessTheBindingAllowsInsecure() throws Exception {
		List<Issue> refused = validate(designFolder(), "", "cipher 0");
		assertEquals(List.of(IssueCodes.INSECURE_BMC), refused.stream().map(Issue::getCode).toList(),
				() -> DesignTestSupport.describe(refused));
		assertEquals(Severity.ERROR, refused.get(0).getSeverity());
		assertTrue(refused.get(0).getMessage().contains("allow-insecure"), refused.get(0).getMessage());
		assertEquals(List.of("cipher"), List.of(refused.get(0).getData()), "the quick fix offers cipher 3 or 17");
	}

	/** Each insecure setting the binding allows is one warning, whose data names what the quick fix changes. */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "insecure-http,, insecure-http", "insecure-tls,, insecure-tls", ", cipher 0 allow-insecure, cipher",
			", cipher 3 allow-insecure, allow-insecure", ", cipher 17 allow-legacy-ipmi, allow-legacy-ipmi" })
	void insecureSettingsAreWarnings(String redfishOptions, String ipmiOptions, String keyword) throws Exception {
		List<Issue> issues = validate(designFolder(), Objects.toString(redfishOptions, ""),
				Objects.toString(ipmiOptions, ""));
		assertEquals(List.of(IssueCodes.INSECURE_BMC), issues.stream().map(Issue::getCode).toList(),
				() -> DesignTestSupport.describe(issues));
		assertEquals(Severity.WARNING, issues.get(0).getSeverity());
		assertEquals(List.of(keyword), List.of(issues.get(0).getData()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "system \"1\"", "manager \"BMC\"", "tls-fingerprint \"" + PIN + "\"", "insecure-http" })
	void redfishSettingsOnAnIpmiEndpointWarn(String option) throws Exception {
		List<Issue> issues = validate(designFolder(), "", option);
		List<Issue> ignored = issues.stream().filter(i -> IssueCodes.CAPABILITY_NOT_SUPPORTED.equals(i.getCode()))
				.toList();
		assertEquals(1, ignored.size(), () -> DesignTestSupport.describe(issues));
		assertEquals(Severity.WARNING, ignored.get(0).getSeverity());
		assertTrue(ignored.get(0).getMessage().contains(option.split(" ")[0]), ignored.get(0).getMessage());
	}

	@Test
	void newKeywordsStayUsableInDottedNames() throws Exception {
		Path root = designFolder();
		Path lib = Files.createDirectories(root.resolve("lib")).resolve("lib.underlay");
		Files.writeString(lib, LIBRARY.replace("package t.lib", "package t.lib\nparam os.system : string default \"x\"\n"
				+ "param bmc.manager : string default \"y\"\nworkflow w { wait ssh  run \"echo {{ os.system }} {{ bmc.manager }}\" }"));
		List<Issue> issues = validate(root, "", "", SITE.replace("bmc-a.example", "manager.system.example"));
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@Test
	void allOptionsSurviveFormattingAndSerializing() throws Exception {
		String text = SITE.formatted("system \"System.Embedded.1\"  manager \"iDRAC.Embedded.1\" tls-ca \"/etc/ca.pem\" "
				+ "tls-fingerprint \"" + PIN + "\" insecure-tls insecure-http", "cipher 0 allow-insecure allow-legacy-ipmi");
		XtextResource resource = parse(text, "all");
		assertTrue(resource.getErrors().isEmpty(), () -> resource.getErrors().toString());
		String formatted = DesignFormatting.format(resource);
		assertTrue(formatted.contains("manager \"iDRAC.Embedded.1\" tls-ca"), formatted);
		XtextResource again = parse(formatted, "all");
		assertTrue(EcoreUtil.equals(resource.getContents().get(0), again.getContents().get(0)), formatted);
		XtextResource copy = parse(serializer.serialize(resource.getContents().get(0)), "all");
		assertTrue(copy.getErrors().isEmpty(), () -> copy.getErrors().toString());
		assertTrue(EcoreUtil.equals(resource.getContents().get(0), copy.getContents().get(0)));
	}

	/** An option without its value is one error on its binding; the bindings after it are read as written. */
	@Test
	void anOptionWithoutItsValueDoesNotSpoilTheNextBinding() throws Exception {
		XtextResource resource = parse(SITE.formatted("system \"1\" tls-ca", "cipher 3"), "broken");
		assertEquals(1, resource.getErrors().size(), () -> resource.getErrors().toString());
		Environment production = (Environment) ((Design) resource.getContents().get(0)).getElements().get(1);
		assertEquals(2, production.getBindings().size());
		BmcEndpoint b = production.getBindings().get(1).getBmc();
		assertEquals(List.of("10.0.0.2", 3), List.of(b.getEndpoint().getHost(), b.getCipher()));
	}

	private XtextResource parse(String text, String name) throws Exception {
		XtextResource resource = (XtextResource) resourceSets.get()
				.createResource(URI.createURI("mem:/" + name + ".underlay"));
		resource.load(new StringInputStream(text), null);
		return resource;
	}

	private List<Issue> validate(Path root, String redfishOptions, String ipmiOptions) throws Exception {
		return validate(root, redfishOptions, ipmiOptions, SITE);
	}

	/** Writes lib/lib.underlay (unless there) and sites/s.underlay, reads both and validates both. */
	private List<Issue> validate(Path root, String redfishOptions, String ipmiOptions, String site) throws Exception {
		Path lib = Files.createDirectories(root.resolve("lib")).resolve("lib.underlay");
		if (!Files.exists(lib)) {
			Files.writeString(lib, LIBRARY);
		}
		Path siteFile = Files.createDirectories(root.resolve("sites")).resolve("s.underlay");
		Files.writeString(siteFile, site.formatted(redfishOptions, ipmiOptions));
		return DesignTestSupport.readAndValidate(resourceSets.get(), validation, List.of(lib, siteFile));
	}
}
