package org.underlay.boot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.underlay.dsl.net.Ipv4;

/**
 * dnsmasq's configuration for one environment's machines: DHCP with a fixed lease per designed MAC (or proxy-DHCP
 * beside an existing DHCP server), TFTP for the iPXE loader, and iPXE sent on to the boot service's HTTP script.
 * Every other MAC is ignored, and logged. No DNS. Everything written comes from a checked {@link BootMachine} or
 * from the options below, checked here: no text from a design reaches the file unchecked.
 *
 * @param networkInterface the one interface dnsmasq listens on (never all of them)
 * @param serverAddress    the address of the boot service on that interface (iPXE fetches its script from it)
 * @param httpPort         the boot service's HTTP port
 * @param workDir          dnsmasq's runtime folder: the TFTP root, the lease file, its log
 * @param proxy            proxy-DHCP: another DHCP server gives the addresses; dnsmasq only says how to boot
 */
public record DnsmasqConfig(String networkInterface, String serverAddress, int httpPort, Path workDir, boolean proxy) {

	private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

	/** The iPXE loader for BIOS machines, as Debian's {@code ipxe} package installs it. */
	public static final String BIOS_LOADER = "undionly.kpxe";

	/** The iPXE loader for UEFI machines. */
	public static final String EFI_LOADER = "ipxe.efi";

	public DnsmasqConfig {
		if (networkInterface == null || !INTERFACE.matcher(networkInterface).matches()) {
			throw new IllegalArgumentException("not a network interface name: '" + networkInterface + "'");
		}
		if (Ipv4.parse(serverAddress) < 0) {
			throw new IllegalArgumentException("not an IPv4 address: '" + serverAddress + "'");
		}
		if (httpPort <= 0 || httpPort > 65535) {
			throw new IllegalArgumentException("not a port: " + httpPort);
		}
		if (workDir.toString().contains("\n")) {
			throw new IllegalArgumentException("a work folder with a line break in its name");
		}
	}

	/** The user dnsmasq becomes after binding, when started as root (Debian's dnsmasq-base has none of its own). */
	public static final String UNPRIVILEGED_USER = "nobody";

	/** The lease file. */
	public Path leaseFile() {
		return workDir.resolve("leases");
	}

	/** dnsmasq's log: its start, every DHCP exchange, every machine ignored. */
	public Path logFile() {
		return workDir.resolve("dnsmasq.log");
	}

	/** The TFTP root below the work folder. */
	public Path tftpRoot() {
		return workDir.resolve("tftp");
	}

	/** The script iPXE chains to first. */
	public String bootScriptUrl() {
		return "http://" + serverAddress + ":" + httpPort + "/boot.ipxe";
	}

	/** The configuration file's text for {@code machines}. */
	public String render(BootMachines machines, boolean asRoot) {
		StringBuilder out = new StringBuilder();
		out.append("# Written by Underlay for environment ").append(machines.environment())
				.append(" from the design; it is written again at each start.\n");
		out.append("port=0\n"); // no DNS
		out.append("interface=").append(networkInterface).append('\n');
		out.append("bind-interfaces\n");
		out.append("log-dhcp\n");
		out.append("dhcp-leasefile=").append(leaseFile()).append('\n');
		if (asRoot) {
			// dnsmasq gives up root after binding; Debian's dnsmasq-base has no user of its own
			out.append("user=").append(UNPRIVILEGED_USER).append("\ngroup=nogroup\n");
		}
		out.append("# only the machines of the design get an answer; others are logged as ignored\n");
		out.append("dhcp-ignore=tag:!known\n");
		out.append("enable-tftp\n");
		out.append("tftp-root=").append(tftpRoot()).append('\n');
		out.append("dhcp-userclass=set:ipxe,iPXE\n");
		out.append("dhcp-match=set:ipxe,175\n");
		out.append("dhcp-match=set:efi64,option:client-arch,7\n");
		out.append("dhcp-match=set:efi64,option:client-arch,9\n");
		if (proxy) {
			for (String network : networks(machines).keySet()) {
				out.append("dhcp-range=").append(network).append(",proxy\n");
			}
			out.append("pxe-service=tag:!ipxe,x86PC,\"Underlay network boot\",").append(loaderBase(BIOS_LOADER))
					.append('\n');
			out.append("pxe-service=tag:!ipxe,X86-64_EFI,\"Underlay network boot\",").append(loaderBase(EFI_LOADER))
					.append('\n');
			out.append("dhcp-boot=tag:ipxe,").append(bootScriptUrl()).append('\n');
			for (BootMachine machine : machines.machines()) {
				out.append("dhcp-host=").append(machine.bootNic().mac()).append(',').append(machine.name()).append('\n');
			}
			return out.toString();
		}
		out.append("dhcp-boot=tag:!ipxe,tag:!efi64,").append(BIOS_LOADER).append('\n');
		out.append("dhcp-boot=tag:!ipxe,tag:efi64,").append(EFI_LOADER).append('\n');
		out.append("dhcp-boot=tag:ipxe,").append(bootScriptUrl()).append('\n');
		int index = 0;
		for (Map.Entry<String, Network> entry : networks(machines).entrySet()) {
			String tag = "net" + index++;
			Network network = entry.getValue();
			out.append("dhcp-range=set:").append(tag).append(',').append(entry.getKey()).append(",static,")
					.append(Ipv4.format(Ipv4.mask(network.prefix()))).append(",12h\n");
			if (network.gateway() != null) {
				out.append("dhcp-option=tag:").append(tag).append(",option:router,").append(network.gateway())
						.append('\n');
			}
		}
		for (BootMachine machine : machines.machines()) {
			BootMachine.Nic nic = machine.bootNic();
			out.append("dhcp-host=").append(nic.mac()).append(',').append(nic.address()).append(',')
					.append(machine.name()).append('\n');
		}
		return out.toString();
	}

	private static String loaderBase(String loader) {
		return loader.substring(0, loader.lastIndexOf('.'));
	}

	private record Network(int prefix, String gateway) {
	}

	/** The boot networks, by network address. */
	private static Map<String, Network> networks(BootMachines machines) {
		Map<String, Network> networks = new LinkedHashMap<>();
		for (BootMachine machine : machines.machines()) {
			BootMachine.Nic nic = machine.bootNic();
			long network = Ipv4.parse(nic.address()) & Ipv4.mask(nic.prefix());
			networks.putIfAbsent(Ipv4.format(network), new Network(nic.prefix(), nic.gateway()));
		}
		return networks;
	}

	/** The loaders to copy into the TFTP root, from Debian's {@code ipxe} package. */
	public static List<Path> loaders() {
		return List.of(Path.of("/usr/lib/ipxe", BIOS_LOADER), Path.of("/usr/lib/ipxe", EFI_LOADER));
	}
}
