package org.underlay.lab.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * The boot flags of a lab IPMI machine, kept as a real BMC keeps them by the lab's ipmi_sim module
 * ({@code native/bootflags.c}, built by this bundle's build into the resource {@value #MODULE}; plain ipmi_sim keeps
 * only the device and reads every override back as invalid). The module stores the five data bytes of System Boot
 * Options parameter 5 in the machine's chassis folder ({@value #FILE}, hex) and reads them at every Get, so the lab
 * agent, which plays the machine's firmware, can use up a one-time override on the boot that used it.
 */
public final class IpmiBootFlags {

    /** The module ipmi_sim loads ({@code loadlib "bootflags.so" "<chassis dir>"} in lan.conf). */
    public static final String MODULE = "/org/underlay/lab/ipmi_sim/bootflags.so";
    /** The boot flags in the chassis folder: five bytes in hex ("80 04 00 00 00"); absent is no override. */
    public static final String FILE = "bootflags";
    /** The device the flags select, with chassis-control.sh's names (the module writes it on every Set). */
    static final String DEVICE_FILE = "boot";

    private static final int VALID = 0x80;
    private static final int PERSISTENT = 0x40;
    private static final int DEVICE_PXE = 0x1;

    private IpmiBootFlags() {
    }

    /** Whether this installation's lab bundle carries the module (the build compiles it; see {@link #MODULE}). */
    public static boolean moduleAvailable() {
        return IpmiBootFlags.class.getResource(MODULE) != null;
    }

    /** What is wrong when {@link #moduleAvailable()} is false, and how to put it right. */
    public static String moduleMissing() {
        return "this installation's lab bundle (org.underlay.lab) has no ipmi_sim boot flags module ("
                + MODULE.substring(1) + "): the build compiles it from native/bootflags.c with gcc against"
                + " libopenipmi-dev; build again with gcc, libc6-dev and libopenipmi-dev installed";
    }

    /**
     * Copies the module into {@code dir} (created if need be) as {@code bootflags.so}, readable and executable by
     * its owner only, and returns its path.
     *
     * @throws IOException the module is missing from the bundle ({@link #moduleMissing()}), or cannot be written
     */
    public static Path extractModule(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path module = dir.resolve("bootflags.so");
        try (InputStream in = IpmiBootFlags.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IOException(moduleMissing());
            }
            Files.copy(in, module, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(module, PosixFilePermissions.fromString("rwx------"));
        return module;
    }

    /**
     * The machine boots now (the lab saw its host start): whether it boots from the network, by the override the
     * flags in {@code chassis} hold. A one-time override is used up by this boot, as the firmware of a real machine
     * does: the flags read back as no override afterwards. A persistent one stays. Flags written after the boot
     * began ({@code began}: when the host started) are for the next boot, as firmware reads them when it starts:
     * a workflow's "power on, boot pxe once" leaves the override for the next start, whenever the lab notices.
     */
    static boolean boot(Path chassis, java.nio.file.attribute.FileTime began) throws IOException {
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
