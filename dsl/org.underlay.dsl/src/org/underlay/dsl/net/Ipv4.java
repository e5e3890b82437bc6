package org.underlay.dsl.net;

/**
 * IPv4 addresses and prefixes as the design writes them ({@code 10.10.0.11}, {@code 10.10.0.0/24}). Addresses are
 * held as unsigned 32-bit values in a long so that comparisons and ranges are plain arithmetic.
 */
public final class Ipv4 {

	private Ipv4() {
	}

	/** A parsed prefix: the network address (host bits as written) and the prefix length. */
	public record Prefix(long address, int length) {

		public long network() {
			return address & mask(length);
		}

		public long broadcast() {
			return network() | (~mask(length) & 0xFFFF_FFFFL);
		}

		public boolean contains(long ip) {
			return (ip & mask(length)) == network();
		}

		public boolean overlaps(Prefix other) {
			return network() <= other.broadcast() && other.network() <= broadcast();
		}

		/** True if the address has host bits set ({@code 10.0.0.5/24}). */
		public boolean hasHostBits() {
			return address != network();
		}

		/** The usable host addresses: all but network and broadcast, except for /31 and /32. */
		public long firstHost() {
			return length >= 31 ? network() : network() + 1;
		}

		public long lastHost() {
			return length >= 31 ? broadcast() : broadcast() - 1;
		}

		@Override
		public String toString() {
			return format(network()) + "/" + length;
		}
	}

	/** The address, or -1 when {@code text} is not a dotted quad of 0..255. */
	public static long parse(String text) {
		if (text == null || text.isEmpty()) {
			return -1;
		}
		long value = 0;
		int octets = 0;
		int octet = 0;
		int digits = 0;
		for (int i = 0; i <= text.length(); i++) {
			char c = i < text.length() ? text.charAt(i) : '.';
			if (c >= '0' && c <= '9') {
				octet = octet * 10 + (c - '0');
				if (++digits > 3 || octet > 255) {
					return -1;
				}
			} else if (c == '.' && digits > 0 && octets < 4) {
				value = (value << 8) | octet;
				octets++;
				octet = 0;
				digits = 0;
			} else {
				return -1;
			}
		}
		return octets == 4 ? value : -1;
	}

	/** The prefix, or null when {@code text} is not {@code a.b.c.d/n} with n in 0..32. */
	public static Prefix parsePrefix(String text) {
		if (text == null) {
			return null;
		}
		int slash = text.indexOf('/');
		if (slash < 0) {
			return null;
		}
		long address = parse(text.substring(0, slash));
		String length = text.substring(slash + 1);
		if (address < 0 || length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
			return null;
		}
		int n = Integer.parseInt(length);
		return n > 32 ? null : new Prefix(address, n);
	}

	public static long mask(int length) {
		return length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
	}

	public static String format(long address) {
		return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
				+ (address & 0xFF);
	}
}
