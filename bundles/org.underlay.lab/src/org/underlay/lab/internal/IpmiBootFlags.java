package org.underlay.lab.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;

import org.underlay.peers.ipmi.IpmiSim;

/**
 * The boot flags of a lab IPMI machine, kept as a real BMC keeps them by the ipmi_sim boot flags module (the peers
 * bundle's {@code native/bootflags.c}, loaded by {@link IpmiSim.Config#keepingBootFlags()}; plain ipmi_sim keeps only
 * the device and reads every override back as invalid). The module stores the five data bytes of System Boot Options
 * parameter 5 in the machine's chassis folder ({@value #FILE}, hex) and reads them at every Get, so the lab agent,
 * which plays the machine's firmware, can use up a one-time override on the boot that used it.
 */
public final class IpmiBootFlags {

	/** The boot flags in the chassis folder: five bytes in hex ("80 04 00 00 00"); absent is no override. */
	public static final String FILE = IpmiSim.BOOT_FLAGS_FILE;
	/** The device the flags select, with chassis-control.sh's names (the module writes it on every Set). */
	static final String DEVICE_FILE = "boot";

	private static final int VALID = 0x80;
	private static final int PERSISTENT = 0x40;
	private static final int DEVICE_PXE = 0x1;

	private IpmiBootFlags() {
	}

	/**
	 * The machine boots now (the lab saw its host start): whether it boots from the network, by the override the
	 * flags in {@code chassis} hold. A one-time override is used up by this boot, as the firmware of a real machine
	 * does: the flags read back as no override afterwards. A persistent one stays. Flags written after the boot
	 * began ({@code began}: when the host started) are for the next boot, as firmware reads them when it starts:
	 * a workflow's "power on, boot pxe once" leaves the override for the next start, whenever the lab notices.
	 */
	static boolean boot(Path chassis, FileTime began) throws IOException {
		Path file = chassis.resolve(FILE);
		if (began != null && Files.exists(file) && Files.getLastModifiedTime(file).compareTo(began) > 0) {
			return false;
		}
		byte[] flags = read(file);
		boolean valid = (flags[0] & VALID) != 0;
		if (valid && (flags[0] & PERSISTENT) == 0) {
			AtomicFiles.write(chassis.resolve(FILE), "00 00 00 00 00\n");
			AtomicFiles.write(chassis.resolve(DEVICE_FILE), "none\n");
		}
		return valid && ((flags[1] >>> 2) & 0x0F) == DEVICE_PXE;
	}

	/** The five bytes, all zero when there is no file or it does not hold five hex bytes. */
	static byte[] read(Path file) throws IOException {
		byte[] flags = new byte[5];
		if (!Files.exists(file)) {
			return flags;
		}
		String[] hex = Files.readString(file).strip().split("\\s+");
		if (hex.length != flags.length) {
			return flags;
		}
		try {
			for (int i = 0; i < flags.length; i++) {
				flags[i] = (byte) HexFormat.fromHexDigits(hex[i]);
			}
		} catch (IllegalArgumentException e) {
			return new byte[5];
		}
		return flags;
	}
}
