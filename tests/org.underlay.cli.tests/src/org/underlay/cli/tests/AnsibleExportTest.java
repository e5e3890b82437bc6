package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code underlay export ansible-inventory.yml | ansible-playbook.yml}, checked by Ansible itself: Debian's
 * {@code ansible-inventory --list} reads the inventory back, {@code ansible-playbook --syntax-check} the playbook.
 * A missing Ansible fails the test (install the package ansible-core), it never skips.
 */
class AnsibleExportTest {

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();

	private record Result(int code, String out, String err) {
	}

	private Result ansible(String tool, String... args) throws Exception {
		Path binary = Stream.concat(Stream.of("/usr/bin"),
				Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)))
				.filter(folder -> !folder.isEmpty()).map(folder -> Path.of(folder, tool)).filter(Files::isExecutable)
				.findFirst().orElse(null);
		if (binary == null) {
			fail(tool + " is missing: install Debian's package ansible-core (the tests run Ansible, they never skip it)");
		}
		List<String> command = new ArrayList<>(List.of(binary.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		Path home = Files.createDirectories(dir.resolve("ansible-home"));
		builder.environment().put("ANSIBLE_HOME", home.toString());
		builder.environment().put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(home.resolve("tmp")).toString());
		builder.environment().put("ANSIBLE_NOCOLOR", "1");
		builder.environment().put("ANSIBLE_CONFIG", Files.writeString(home.resolve("ansible.cfg"), "").toString());
		Path out = dir.resolve(tool + ".out");
		Path err = dir.resolve(tool + ".err");
		builder.redirectOutput(out.toFile()).redirectError(err.toFile());
		Process process = builder.start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail(tool + " did not finish in 120 s");
		}
		return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	private Path export(String what, String... options) throws IOException {
		Path file = dir.resolve(what);
		List<String> args = new ArrayList<>(List.of("export", what, CliRun.example()));
		args.addAll(List.of(options));
		args.addAll(List.of("--out", file.toString()));
		assertEquals(0, cli.run(args.toArray(String[]::new)), cli::both);
		return file;
	}

	private static Set<String> names(JsonObject groups, String group, String member) {
		Set<String> names = new TreeSet<>();
		JsonObject g = groups.getAsJsonObject(group);
		if (g != null && g.get(member) instanceof JsonArray array) {
			array.forEach(e -> names.add(e.getAsString()));
		}
		return names;
	}

	@Test
	void inventoryReadByAnsibleHasHostsGroupsAndVars() throws Exception {
		Path inventory = export("ansible-inventory.yml", "--site", "fra1", "--environment", "lab");
		String text = Files.readString(inventory);
		assertFalse(text.toLowerCase().contains("password"), "credential names only");

		Result listed = ansible("ansible-inventory", "-i", inventory.toString(), "--list");
		assertEquals(0, listed.code(), listed::err);
		assertFalse(listed.err().contains("WARNING"), listed::err);
		JsonObject all = JsonParser.parseString(listed.out()).getAsJsonObject();

		assertEquals(Set.of("fra1", "web", "db", "base", "workflow_provision", "ungrouped"), names(all, "all", "children"));
		assertEquals(Set.of("fra1_r01", "fra1_r02"), names(all, "fra1", "children"));
		assertEquals(Set.of("tor-r01", "web-01", "web-02", "web-03", "db-01", "db-02", "pdu-r01-a", "pdu-r01-b"),
				names(all, "fra1_r01", "hosts"), "patch panels are not hosts");
		assertEquals(Set.of("web-01", "web-02", "web-03", "web-04"), names(all, "web", "hosts"));
		assertEquals(Set.of("db-01", "db-02", "backup-01"), names(all, "db", "hosts"));
		assertEquals(Set.of("app-01", "app-02", "app-03"), names(all, "base", "hosts"), "role = the last profile");
		assertEquals(10, names(all, "workflow_provision", "hosts").size());

		JsonObject hostvars = all.getAsJsonObject("_meta").getAsJsonObject("hostvars");
		JsonObject web01 = hostvars.getAsJsonObject("web-01");
		assertEquals("127.0.0.1", web01.get("ansible_host").getAsString());
		assertEquals(18101, web01.get("ansible_port").getAsInt());
		assertEquals("deploy", web01.get("ansible_user").getAsString());
		assertEquals("lab-ssh", web01.get("underlay_credential").getAsString());
		assertEquals("lab-bmc", web01.get("underlay_bmc_credential").getAsString());
		assertEquals("redfish", web01.get("underlay_bmc_kind").getAsString());
		assertEquals(18001, web01.get("underlay_bmc_port").getAsInt());
		assertEquals("debian-12-hardened", web01.get("os_image").getAsString(), "the device's own value wins");
		assertEquals(16, web01.get("web_workers").getAsInt(), "from profile web");
		assertEquals("fra1.acme.example", web01.get("dns_domain").getAsString(), "from the site");
		assertEquals("0.debian.pool.ntp.org", web01.getAsJsonArray("ntp_servers").get(0).getAsString());
		assertEquals("web", web01.get("underlay_role").getAsString());
		assertEquals("r01", web01.get("underlay_rack").getAsString());
		assertEquals("fra1", web01.get("underlay_site").getAsString(), "a host var");
		assertEquals("raid10", hostvars.getAsJsonObject("db-01").get("disk_layout").getAsString());
		assertEquals("debian-12", hostvars.getAsJsonObject("web-02").get("os_image").getAsString());
		assertFalse(hostvars.getAsJsonObject("tor-r01").has("ansible_port"), "no binding, no endpoint");
	}

	@Test
	void withoutEnvironmentTheDesignAddressesAreUsed() throws Exception {
		Path inventory = export("ansible-inventory.yml", "--site", "ams1");
		Result listed = ansible("ansible-inventory", "-i", inventory.toString(), "--list");
		assertEquals(0, listed.code(), listed::err);
		JsonObject hostvars = JsonParser.parseString(listed.out()).getAsJsonObject().getAsJsonObject("_meta")
				.getAsJsonObject("hostvars");
		assertEquals("10.30.0.14", hostvars.getAsJsonObject("util-01").get("ansible_host").getAsString());
		assertEquals("deploy", hostvars.getAsJsonObject("util-01").get("ansible_user").getAsString());
		assertEquals("single", hostvars.getAsJsonObject("util-01").get("disk_layout").getAsString());
		assertFalse(hostvars.getAsJsonObject("util-01").has("underlay_credential"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void playbookHasOnePlayPerWorkflowAndPassesAnsibleSyntaxCheck() throws Exception {
		Path inventory = export("ansible-inventory.yml", "--site", "fra1", "--environment", "production");
		Path playbook = export("ansible-playbook.yml", "--site", "fra1");
		Result check = ansible("ansible-playbook", "--syntax-check", "-i", inventory.toString(), playbook.toString());
		assertEquals(0, check.code(), () -> check.out() + check.err());

		List<Map<String, Object>> plays = new Yaml().load(Files.readString(playbook));
		assertEquals(1, plays.size(), "only 'provision' is used by a profile of fra1");
		Map<String, Object> play = plays.get(0);
		assertEquals("provision", play.get("name"));
		assertEquals("workflow_provision", play.get("hosts"));
		List<Map<String, Object>> tasks = (List<Map<String, Object>>) play.get("tasks");
		List<Object> shells = tasks.stream().filter(t -> t.containsKey("ansible.builtin.shell"))
				.map(t -> t.get("ansible.builtin.shell")).toList();
		assertEquals(List.of("test \"$(cat /etc/underlay-image)\" = {{ os_image }}",
				"echo 'deb http://{{ os_mirror }}/debian bookworm main' > /etc/apt/sources.list",
				"hostnamectl set-hostname {{ inventory_hostname }}.{{ dns_domain }}",
				"echo 'servers {{ ntp_servers | join(',') }}' > /etc/chrony/sources.d/underlay.sources",
				"scripts/apply-disk-layout.sh {{ disk_layout }}"), shells);
		assertEquals(1800, ((Map<String, Object>) tasks.get(0).get("ansible.builtin.wait_for_connection")).get("timeout"));
		assertTrue(tasks.stream().anyMatch(t -> t.containsKey("ansible.builtin.reboot")));
		assertTrue(Files.readString(playbook).contains("    # power off (BMC step)\n"));
		assertEquals("run hostnamectl set-hostname <host.name>.<dns.domain>", tasks.get(3).get("name"),
				"no Jinja in task names");
	}

	@Test
	void badRequests() {
		assertEquals(2, cli.run("export", "ansible-inventory.yml", CliRun.example(), "--site", "fra1", "--environment",
				"staging"));
		assertTrue(cli.err().contains("site fra1 has no environment 'staging'; it has: production, lab")
				|| cli.err().contains("site fra1 has no environment 'staging'; it has: lab, production"), cli::err);
		assertEquals(2, cli.run("export", "graph.dot", CliRun.example(), "--site", "fra1", "--environment", "lab"));
		assertTrue(cli.err().contains("--environment is for ansible-inventory.yml"), cli::err);
	}
}
