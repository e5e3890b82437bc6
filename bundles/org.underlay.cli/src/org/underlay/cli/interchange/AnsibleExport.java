package org.underlay.cli.interchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.underlay.dsl.params.ParamResolver.EffectiveParam;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Templates;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.AssertStep;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcEndpoint;
import org.underlay.dsl.underlay.BoolValue;
import org.underlay.dsl.underlay.BootStep;
import org.underlay.dsl.underlay.CollectStep;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.IntValue;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.ListValue;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.ParamType;
import org.underlay.dsl.underlay.PowerStep;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.RebootStep;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.RunStep;
import org.underlay.dsl.underlay.ScriptStep;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.SshAccess;
import org.underlay.dsl.underlay.SshEndpoint;
import org.underlay.dsl.underlay.Step;
import org.underlay.dsl.underlay.StringValue;
import org.underlay.dsl.underlay.Value;
import org.underlay.dsl.underlay.WaitSshStep;
import org.underlay.dsl.underlay.Workflow;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * A site as an Ansible inventory (YAML) and a playbook skeleton. Hosts are the site's devices (patch panels aside),
 * grouped by site, rack ({@code fra1_r01}), role (the device's last profile, {@code web}) and workflow
 * ({@code workflow_provision}: the hosts whose profiles list it). Host vars are the effective params (dots become
 * underscores: {@code os_image}) and the connection of the chosen environment's binding; credentials by name only.
 * The playbook has one play per workflow used on the site: SSH steps as tasks, with {@code {{ os.image }}} turned
 * into Ansible's {@code {{ os_image }}} so that each host gets its own value; BMC steps stay as comments.
 */
public final class AnsibleExport {

	private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();
	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
	private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");
	private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

	private AnsibleExport() {
	}

	/** The inventory of {@code site}; {@code environment} (may be null) supplies the connection variables. */
	public static String inventory(Site site, Environment environment) {
		List<Device> hosts = hosts(site);
		Map<Device, Binding> bindings = new LinkedHashMap<>();
		if (environment != null) {
			for (Binding binding : environment.getBindings()) {
				if (binding.getDevice() != null && !binding.getDevice().eIsProxy()) {
					bindings.put(binding.getDevice(), binding);
				}
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("# Ansible inventory of site ").append(site.getName())
				.append(environment == null ? "" : ", environment " + environment.getName())
				.append(", written by 'underlay export ansible-inventory.yml' from the design. Credentials are names only.\n");
		out.append("all:\n  children:\n");
		out.append("    ").append(group(site.getName())).append(":\n");
		out.append("      children:\n");
		Map<Rack, String> rackGroups = rackGroups(site);
		for (Map.Entry<Rack, String> rack : rackGroups.entrySet()) {
			List<Device> inRack = hosts.stream().filter(d -> d.eContainer() == rack.getKey()).toList();
			if (inRack.isEmpty()) {
				continue;
			}
			out.append("        ").append(rack.getValue()).append(":\n          hosts:\n");
			for (Device device : inRack) {
				out.append("            ").append(key(device.getName())).append(":\n");
				Map<String, String> vars = new LinkedHashMap<>();
				vars.put("underlay_site", scalar(site.getName()));
				if (environment != null) {
					vars.put("underlay_environment", scalar(environment.getName()));
				}
				vars.putAll(hostVars(device, bindings.get(device)));
				for (Map.Entry<String, String> var : vars.entrySet()) {
					out.append("              ").append(var.getKey()).append(": ").append(var.getValue()).append('\n');
				}
			}
		}
		Map<String, List<Device>> roles = new LinkedHashMap<>();
		Map<String, List<Device>> workflows = new LinkedHashMap<>();
		for (Device device : hosts) {
			String role = role(device);
			if (role != null) {
				roles.computeIfAbsent(group(role), r -> new ArrayList<>()).add(device);
			}
			for (Workflow workflow : workflowsOf(device)) {
				workflows.computeIfAbsent(workflowGroup(workflow), w -> new ArrayList<>()).add(device);
			}
		}
		roles.putAll(workflows);
		for (Map.Entry<String, List<Device>> group : roles.entrySet()) {
			out.append("    ").append(group.getKey()).append(":\n      hosts:\n");
			for (Device device : group.getValue()) {
				out.append("        ").append(key(device.getName())).append(": {}\n");
			}
		}
		return out.toString();
	}

	/** One play per workflow used by the site's hosts, in the order first used. */
	public static String playbook(Site site) {
		Set<Workflow> workflows = new LinkedHashSet<>();
		Map<String, ParamType> types = new LinkedHashMap<>();
		for (Device device : hosts(site)) {
			workflows.addAll(workflowsOf(device));
			for (ParamDecl declaration : ParamResolver.declarations(device)) {
				types.putIfAbsent(declaration.getName(), declaration.getType());
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("# Playbook skeleton of site ").append(site.getName())
				.append(", written by 'underlay export ansible-playbook.yml': one play per workflow, for the hosts\n")
				.append("# whose profiles list it (inventory group workflow_NAME). BMC steps (power, boot) are not\n")
				.append("# Ansible's: they stay as comments, run them with Underlay. Script steps run as shell commands on the host:\n")
				.append("# the script must be there (or make the task ansible.builtin.script).\n");
		if (workflows.isEmpty()) {
			out.append("[]\n");
			return out.toString();
		}
		for (Workflow workflow : workflows) {
			out.append("- name: ").append(scalar(workflow.getName())).append('\n');
			out.append("  hosts: ").append(workflowGroup(workflow)).append('\n');
			out.append("  gather_facts: false\n");
			List<String> tasks = new ArrayList<>();
			for (Step step : workflow.getSteps()) {
				tasks.add(task(step, types));
			}
			if (tasks.stream().allMatch(t -> t.startsWith("    #"))) {
				out.append("  tasks: []\n");
				tasks.forEach(out::append);
			} else {
				out.append("  tasks:\n");
				tasks.forEach(out::append);
			}
		}
		return out.toString();
	}

	private static String task(Step step, Map<String, ParamType> types) {
		if (step instanceof RunStep run) {
			return "    - name: " + scalar("run " + plain(run.getCommand())) + "\n      ansible.builtin.shell: "
					+ scalar(jinja(run.getCommand(), types)) + "\n";
		}
		if (step instanceof ScriptStep script) {
			return "    - name: " + scalar("script " + plain(script.getPath())) + "\n      ansible.builtin.shell: "
					+ scalar(jinja(script.getPath(), types)) + "\n";
		}
		if (step instanceof WaitSshStep wait) {
			return "    - name: " + scalar("wait ssh" + (wait.getTimeout() > 0 ? " timeout " + wait.getTimeout() : ""))
					+ "\n      ansible.builtin.wait_for_connection:"
					+ (wait.getTimeout() > 0 ? "\n        timeout: " + wait.getTimeout() : " {}") + "\n";
		}
		if (step instanceof RebootStep) {
			return "    - name: reboot\n      ansible.builtin.reboot: {}\n";
		}
		if (step instanceof CollectStep) {
			return "    - name: collect facts\n      ansible.builtin.setup: {}\n";
		}
		if (step instanceof PowerStep power) {
			return "    # power " + power.getAction().getLiteral() + " (BMC step)\n";
		}
		if (step instanceof BootStep boot) {
			return "    # boot " + boot.getTarget().getLiteral() + (boot.isOnce() ? " once" : "") + " (BMC step)\n";
		}
		if (step instanceof AssertStep check) {
			return "    # assert fact \"" + check.getFact() + "\" " + check.getOperator().getLiteral() + " "
					+ Values.format(check.getExpected())
					+ " (Underlay's facts; no Ansible task)\n";
		}
		return "    # " + step.eClass().getName() + "\n";
	}

	/** A task name without Jinja: Ansible templates names too, so '{{ os.image }}' is shown as '<os.image>'. */
	private static String plain(String template) {
		return TEMPLATE.matcher(template).replaceAll(m -> Matcher.quoteReplacement("<" + m.group(1) + ">"));
	}

	/** Underlay's template references as Ansible variables of the same host. */
	static String jinja(String template, Map<String, ParamType> types) {
		var matcher = TEMPLATE.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String replacement = switch (name) {
			case "host.name" -> "{{ inventory_hostname }}";
			case "site.name", "room.name", "rack.name" -> "{{ underlay_" + name.substring(0, name.indexOf('.')) + " }}";
			default -> types.get(name) == ParamType.LIST ? "{{ " + var(name) + " | join(',') }}"
					: "{{ " + var(name) + " }}";
			};
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static Map<String, String> hostVars(Device device, Binding binding) {
		Map<String, String> vars = new LinkedHashMap<>();
		SshEndpoint ssh = binding == null ? null : binding.getSsh();
		String address = null;
		String user = null;
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof Interface nic && nic.getAddress() != null && address == null) {
				address = nic.getAddress();
			}
			if (member instanceof SshAccess access) {
				user = access.getUser();
			}
		}
		if (ssh != null && ssh.getEndpoint() != null) {
			vars.put("ansible_host", scalar(ssh.getEndpoint().getHost()));
			if (ssh.getEndpoint().getPort() > 0) {
				vars.put("ansible_port", Integer.toString(ssh.getEndpoint().getPort()));
			}
			if (ssh.getUser() != null) {
				user = ssh.getUser();
			}
		} else if (address != null) {
			vars.put("ansible_host", scalar(address));
		}
		if (user != null) {
			vars.put("ansible_user", scalar(user));
		}
		if (ssh != null && ssh.getCredential() != null) {
			vars.put("underlay_credential", scalar(ssh.getCredential()));
		}
		BmcEndpoint bmc = binding == null ? null : binding.getBmc();
		if (bmc != null) {
			vars.put("underlay_bmc_kind", scalar(bmc.getKind().getLiteral()));
			if (bmc.getEndpoint() != null) {
				vars.put("underlay_bmc_host", scalar(bmc.getEndpoint().getHost()));
				if (bmc.getEndpoint().getPort() > 0) {
					vars.put("underlay_bmc_port", Integer.toString(bmc.getEndpoint().getPort()));
				}
			}
			if (bmc.getCredential() != null) {
				vars.put("underlay_bmc_credential", scalar(bmc.getCredential()));
			}
		}
		Rack rack = (Rack) device.eContainer();
		vars.put("underlay_room", scalar(((Room) rack.eContainer()).getName()));
		vars.put("underlay_rack", scalar(rack.getName()));
		vars.put("underlay_kind", scalar(device.getKind().getLiteral()));
		if (device.getType() != null && !device.getType().eIsProxy()) {
			vars.put("underlay_device_type", scalar(device.getType().getName()));
		}
		String role = role(device);
		if (role != null) {
			vars.put("underlay_role", scalar(role));
		}
		for (EffectiveParam param : ParamResolver.resolve(device)) {
			if (param.isSet()) {
				vars.putIfAbsent(var(param.declaration().getName()), value(param.value()));
			}
		}
		return vars;
	}

	private static List<Device> hosts(Site site) {
		List<Device> hosts = new ArrayList<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				for (Device device : rack.getDevices()) {
					if (device.getKind() != DeviceKind.PATCH_PANEL && device.getName() != null) {
						hosts.add(device);
					}
				}
			}
		}
		return hosts;
	}

	/** {@code fra1_r01}; with the room as well when two rooms have a rack of that name. */
	private static Map<Rack, String> rackGroups(Site site) {
		Map<String, Integer> count = new LinkedHashMap<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				count.merge(String.valueOf(rack.getName()), 1, Integer::sum);
			}
		}
		Map<Rack, String> groups = new LinkedHashMap<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				groups.put(rack, count.get(String.valueOf(rack.getName())) > 1
						? group(site.getName() + "_" + room.getName() + "_" + rack.getName())
						: group(site.getName() + "_" + rack.getName()));
			}
		}
		return groups;
	}

	/** The role of a device: its last (most specific) profile. */
	private static String role(Device device) {
		List<Profile> profiles = ParamResolver.profilesOf(device);
		return profiles.isEmpty() ? null : profiles.get(profiles.size() - 1).getName();
	}

	private static List<Workflow> workflowsOf(Device device) {
		Set<Workflow> workflows = new LinkedHashSet<>();
		for (Profile profile : ParamResolver.profilesOf(device)) {
			for (Workflow workflow : profile.getWorkflows()) {
				if (workflow != null && !workflow.eIsProxy()) {
					workflows.add(workflow);
				}
			}
		}
		return List.copyOf(workflows);
	}

	private static String workflowGroup(Workflow workflow) {
		return group("workflow_" + workflow.getName());
	}

	/** Ansible group and variable names: letters, digits and underscores, not starting with a digit. */
	static String group(String name) {
		String group = String.valueOf(name).replaceAll("[^A-Za-z0-9_]", "_");
		return group.isEmpty() || Character.isDigit(group.charAt(0)) ? "_" + group : group;
	}

	/** A param as a host variable: {@code os.image} is {@code os_image}. */
	static String var(String param) {
		return group(param);
	}

	private static String value(Value value) {
		if (value instanceof IntValue i) {
			return Integer.toString(i.getValue());
		}
		if (value instanceof BoolValue b) {
			return Boolean.toString(b.isValue());
		}
		if (value instanceof ListValue list) {
			List<String> items = new ArrayList<>();
			for (Value item : list.getItems()) {
				items.add(value(item));
			}
			return "[" + String.join(", ", items) + "]";
		}
		return scalar(value instanceof StringValue s ? s.getValue() : "");
	}

	private static String key(String name) {
		return PLAIN.matcher(name).matches() && !YAML_WORDS.contains(name.toLowerCase(Locale.ROOT)) ? name
				: JSON.toJson(name);
	}

	/** A YAML string: double-quoted with JSON escapes (a subset of YAML's), so any text is safe. */
	private static String scalar(String text) {
		return JSON.toJson(text == null ? "" : text);
	}
}
