package org.underlay.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcKind;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.SshAccess;


/**
 * Computes a {@link LabSpec} from a design: every device of the site that the site's {@code lab} environment binds
 * becomes a lab machine with the binding's endpoints and the facts the design expects of it. Offline; reads the
 * EMF model only.
 */
public final class LabPlan {

	/** The environment a lab is built from. */
	public static final String ENVIRONMENT = "lab";


	private LabPlan() {
	}

	/** Loads every design file below {@code folder} and plans the lab of site {@code siteName}. */
	public static LabSpec load(Path folder, String siteName) throws LabException {
		if (!Files.isDirectory(folder)) {
			throw new LabException("not a design folder: " + folder);
		}
		List<Path> files;
		try {
			files = DesignFiles.find(folder);
		} catch (IOException e) {
			throw new LabException("cannot read folder " + folder + ": " + e.getMessage(), e);
		}
		if (files.isEmpty()) {
			throw new LabException("no ." + DesignFiles.EXTENSION + " files in " + folder);
		}
		XtextResourceSet set = UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class);
		Map<URI, Exception> unreadable = DesignLoader.loadAll(set, () -> UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		if (!unreadable.isEmpty()) {
			throw new LabException("cannot read " + unreadable.keySet().iterator().next().toFileString());
		}
		EcoreUtil.resolveAll(set);
		List<Site> sites = DesignElements.elementsOf(List.copyOf(set.getResources()), Site.class);
		List<String> names = sites.stream().map(Site::getName).toList();
		if (siteName == null) {
			if (sites.size() != 1) {
				throw new LabException("the design has " + (sites.isEmpty() ? "no site" : "several sites; choose one "
						+ "with --site: " + String.join(", ", names)));
			}
			return of(sites.get(0));
		}
		for (Site site : sites) {
			if (siteName.equals(site.getName())) {
				return of(site);
			}
		}
		throw new LabException("no site '" + siteName + "'; the design has: " + String.join(", ", names));
	}


	/** The lab of {@code site}, from the {@code lab} environment for it in the same design (resource set). */
	public static LabSpec of(Site site) throws LabException {
		List<Resource> resources = DesignElements.resourcesOf(site);
		Environment environment = null;
		for (Environment e : DesignElements.elementsOf(resources, Environment.class)) {
			if (ENVIRONMENT.equals(e.getName()) && e.getSite() == site) {
				environment = e;
			}
		}
		if (environment == null) {
			throw new LabException("site " + site.getName() + " has no '" + ENVIRONMENT + "' environment: write one "
					+ "(environment lab for " + site.getName() + " { ... }) to bind its machines to loopback endpoints");
		}
		Map<Device, Binding> bindings = new LinkedHashMap<>();
		for (Binding b : environment.getBindings()) {
			if (b.getDevice() != null && !b.getDevice().eIsProxy()) {
				bindings.put(b.getDevice(), b);
			}
		}
		List<LabSpec.Machine> machines = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (Device device : devices(site)) {
			Binding binding = bindings.get(device);
			if (binding == null) {
				if (device.getType() != null && device.getType().getBmc() != null) {
					notes.add(device.getName() + ": skipped, no binding in environment " + ENVIRONMENT);
				}
				continue;
			}
			if (binding.getBmc() == null || binding.getBmc().getEndpoint() == null) {
				notes.add(device.getName() + ": skipped, its binding has no BMC endpoint");
				continue;
			}
			if (binding.getSsh() == null || binding.getSsh().getEndpoint() == null) {
				notes.add(device.getName() + ": skipped, its binding has no SSH endpoint");
				continue;
			}
			machines.add(machine(site, device, binding));
		}
		return new LabSpec(site.getName(), ENVIRONMENT, machines, notes);
	}

	private static LabSpec.Machine machine(Site site, Device device, Binding binding) {
		LabSpec.BmcKind kind = binding.getBmc().getKind() == BmcKind.IPMI
				? LabSpec.BmcKind.IPMI
				: LabSpec.BmcKind.REDFISH;
		var bmc = binding.getBmc().getEndpoint();
		int bmcPort = bmc.getPort() > 0 ? bmc.getPort() : kind == LabSpec.BmcKind.IPMI ? 623 : 443;
		var ssh = binding.getSsh();
		int sshPort = ssh.getEndpoint().getPort() > 0 ? ssh.getEndpoint().getPort() : 22;
		String user = ssh.getUser();
		if (user == null) {
			for (DeviceMember m : device.getMembers()) {
				if (m instanceof SshAccess access) {
					user = access.getUser();
				}
			}
		}
		return new LabSpec.Machine(device.getName(), kind, bmc.getHost(), bmcPort, binding.getBmc().getCredential(),
				ssh.getEndpoint().getHost(), sshPort, user, ssh.getCredential(), facts(site, device));
	}

	/** The facts the design expects of a device, as the lab's SSH host serves them. */
	public static Map<String, String> facts(Site site, Device device) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("hostname", device.getName());
		for (DeviceMember m : device.getMembers()) {
			if (m instanceof Interface nic && nic.getName() != null) {
				if (nic.getMac() != null) {
					facts.put("mac." + nic.getName(), nic.getMac().toLowerCase(Locale.ROOT));
				}
				if (nic.getAddress() != null) {
					String subnet = nic.getNetwork() == null ? null : nic.getNetwork().getSubnet();
					String prefix = subnet != null && subnet.contains("/") ? subnet.substring(subnet.indexOf('/') + 1)
							: "32";
					facts.put("address." + nic.getName(), nic.getAddress() + "/" + prefix);
				}
			}
		}
		ParamResolver.EffectiveParam image = ParamResolver.resolve(device, "os.image");
		if (image != null && image.value() != null) {
			facts.put("os.image", Values.render(image.value()));
		}
		for (Link link : site.getLinks()) {
			neighbour(facts, device, link.getA(), link.getB());
			neighbour(facts, device, link.getB(), link.getA());
		}
		return facts;
	}

	private static void neighbour(Map<String, String> facts, Device device, LinkEnd own, LinkEnd other) {
		if (own != null && other != null && own.getDevice() == device && other.getDevice() != null
				&& !other.getDevice().eIsProxy()) {
			facts.put("lldp." + own.getPort() + ".chassis", other.getDevice().getName());
			facts.put("lldp." + own.getPort() + ".port", other.getPort());
		}
	}

	private static List<Device> devices(Site site) {
		List<Device> devices = new ArrayList<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				devices.addAll(rack.getDevices());
			}
		}
		return devices;
	}
}
