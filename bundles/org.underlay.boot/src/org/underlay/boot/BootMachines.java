package org.underlay.boot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.underlay.dsl.model.Sites;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.net.Macs;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.ListValue;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.SshAccess;
import org.underlay.dsl.underlay.Value;

/**
 * Which machines an environment boots, read from the design: every device the environment binds that has a NIC
 * with a MAC and an address. Offline; reads the EMF model only.
 *
 * @param environment the environment's name
 * @param machines    the machines, in design order
 * @param errors      what makes serving unsafe (a MAC claimed by two machines, a value of the wrong shape): the
 *                    service refuses to start while there is one
 * @param notes       bound devices left out, and why
 */
public record BootMachines(String environment, List<BootMachine> machines, List<String> errors, List<String> notes) {

	/** The image a machine gets when no {@code os.image} reaches it. */
	public static final String NO_IMAGE = "none";

	/** The machines {@code environment} binds, as the boot service serves them. */
	public static BootMachines of(Environment environment) {
		Map<Device, Binding> bindings = new LinkedHashMap<>();
		for (Binding binding : environment.getBindings()) {
			if (binding.getDevice() != null && !binding.getDevice().eIsProxy()) {
				bindings.put(binding.getDevice(), binding);
			}
		}
		List<BootMachine> machines = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		Map<String, String> macOwners = new HashMap<>();
		for (Device device : environment.getSite() == null ? List.<Device>of() : Sites.devicesOf(environment.getSite())) {
			Binding binding = bindings.get(device);
			if (binding == null) {
				continue;
			}
			List<BootMachine.Nic> nics;
			try {
				nics = nics(device);
			} catch (IllegalArgumentException e) {
				errors.add(device.getName() + ": " + e.getMessage());
				continue;
			}
			if (nics.isEmpty() || nics.get(0).address() == null) {
				notes.add(device.getName() + ": not served, it has no NIC with a MAC and an address to boot from");
				continue;
			}
			boolean clash = false;
			for (BootMachine.Nic nic : nics) {
				String owner = macOwners.putIfAbsent(nic.mac(), device.getName());
				if (owner != null) {
					errors.add(device.getName() + ": MAC " + nic.mac() + " is also " + owner + "'s; a DHCP server "
							+ "cannot tell them apart");
					clash = true;
				}
			}
			if (clash) {
				continue;
			}
			try {
				machines.add(new BootMachine(device.getName(), string(device, "dns.domain"), nics,
						image(device), user(device, binding), strings(device, "ntp.servers"),
						strings(device, "dns.servers")));
			} catch (IllegalArgumentException e) {
				errors.add(device.getName() + ": " + e.getMessage());
			}
		}
		return new BootMachines(environment.getName(), List.copyOf(machines), List.copyOf(errors), List.copyOf(notes));
	}

	/** The machine named {@code name}, or null. */
	public BootMachine machine(String name) {
		return machines.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
	}

	/** The machine whose NIC has {@code mac} (any spelling), or null. */
	public BootMachine byMac(String mac) {
		String normalized = Macs.normalize(mac);
		return machines.stream().filter(m -> m.nics().stream().anyMatch(n -> n.mac().equals(normalized)))
				.findFirst().orElse(null);
	}

	/** The NICs with a MAC, the first with an address first. */
	private static List<BootMachine.Nic> nics(Device device) {
		List<BootMachine.Nic> nics = new ArrayList<>();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof Interface nic && nic.getMac() != null) {
				String address = nic.getAddress();
				Network network = nic.getNetwork();
				Ipv4.Prefix subnet = network == null ? null : Ipv4.parsePrefix(network.getSubnet());
				if (address != null && subnet == null) {
					address = null; // without its network's prefix the address cannot be configured
				}
				nics.add(new BootMachine.Nic(nic.getName(), nic.getMac(), address,
						subnet == null ? 0 : subnet.length(), network == null ? null : network.getGateway()));
			}
		}
		for (int i = 0; i < nics.size(); i++) {
			if (nics.get(i).address() != null) {
				nics.add(0, nics.remove(i));
				break;
			}
		}
		return nics;
	}

	private static String image(Device device) {
		String image = string(device, "os.image");
		return image == null || image.isEmpty() ? NO_IMAGE : image;
	}

	private static String user(Device device, Binding binding) {
		if (binding.getSsh() != null && binding.getSsh().getUser() != null) {
			return binding.getSsh().getUser();
		}
		String user = null;
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof SshAccess access) {
				user = access.getUser();
			}
		}
		return user;
	}

	private static String string(Device device, String param) {
		ParamResolver.EffectiveParam effective = ParamResolver.resolve(device, param);
		return effective == null || effective.value() == null ? null : Values.render(effective.value());
	}

	private static List<String> strings(Device device, String param) {
		ParamResolver.EffectiveParam effective = ParamResolver.resolve(device, param);
		if (effective == null || effective.value() == null) {
			return List.of();
		}
		Value value = effective.value();
		if (value instanceof ListValue list) {
			return list.getItems().stream().map(Values::render).toList();
		}
		return List.of(Values.render(value));
	}
}
