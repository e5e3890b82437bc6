package org.underlay.boot;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.net.Macs;

/**
 * One machine the boot service installs, as the design describes it. Every value is checked here, once, against
 * the shape it must have (a plain name, a MAC, an address, a host name), because each ends up in a configuration
 * file, a URL, a kernel command line or an installed system: nothing else reaches them.
 *
 * @param name       the device's name in the design; also its host name
 * @param domain     the DNS domain ({@code dns.domain}), or null
 * @param nics       its NICs that have a MAC, the boot NIC (the first with an address) first
 * @param image      the image to install ({@code os.image})
 * @param sshUser    the user the environment logs in as (its authorized key is installed for it and for root)
 * @param ntpServers {@code ntp.servers}
 * @param dnsServers {@code dns.servers}, else the boot network's gateway
 */
public record BootMachine(String name, String domain, List<Nic> nics, String image, String sshUser,
		List<String> ntpServers, List<String> dnsServers) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");
	private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

	/**
	 * A NIC of the machine.
	 *
	 * @param name    its name in the design (the installed system names it so, matched by MAC)
	 * @param mac     normalized ({@code 02:00:0a:0a:00:0b})
	 * @param address its address, or null (then it is left unconfigured)
	 * @param prefix  the prefix length of its network
	 * @param gateway its network's gateway, or null
	 */
	public record Nic(String name, String mac, String address, int prefix, String gateway) {

		public Nic {
			check(NAME, name, "NIC name");
			if (!Macs.isValid(mac)) {
				throw new IllegalArgumentException("not a MAC address: '" + mac + "'");
			}
			mac = Macs.normalize(mac);
			if (address != null && Ipv4.parse(address) < 0) {
				throw new IllegalArgumentException("not an IPv4 address: '" + address + "'");
			}
			if (gateway != null && Ipv4.parse(gateway) < 0) {
				throw new IllegalArgumentException("not an IPv4 gateway: '" + gateway + "'");
			}
			if (prefix < 0 || prefix > 32) {
				throw new IllegalArgumentException("not a prefix length: " + prefix);
			}
		}

		/** {@code 02-00-0a-0a-00-0b}: the MAC as iPXE's {@code ${mac:hexhyp}} spells it, for file names. */
		public String hyphenated() {
			return mac.replace(':', '-');
		}
	}

	public BootMachine {
		check(NAME, name, "machine name");
		if (domain != null) {
			check(HOST, domain, "DNS domain");
		}
		nics = List.copyOf(nics);
		if (nics.isEmpty() || nics.get(0).address() == null) {
			throw new IllegalArgumentException("no NIC with a MAC and an address to boot from");
		}
		check(NAME, Objects.requireNonNull(image, "image"), "image name");
		if (sshUser != null) {
			check(USER, sshUser, "SSH user");
		}
		ntpServers = List.copyOf(ntpServers);
		ntpServers.forEach(s -> check(HOST, s, "NTP server"));
		dnsServers = List.copyOf(dnsServers);
		dnsServers.forEach(s -> {
			if (Ipv4.parse(s) < 0) {
				throw new IllegalArgumentException("not an IPv4 DNS server: '" + s + "'");
			}
		});
	}

	/** The NIC it boots from: the first with a MAC and an address. */
	public Nic bootNic() {
		return nics.get(0);
	}

	/** {@code web-01.fra1.example.net}, or the name alone without a domain. */
	public String fqdn() {
		return domain == null ? name : name + "." + domain;
	}

	private static void check(Pattern pattern, String value, String what) {
		if (value == null || !pattern.matcher(value).matches()) {
			throw new IllegalArgumentException("not a valid " + what + ": '" + value + "'");
		}
	}
}
