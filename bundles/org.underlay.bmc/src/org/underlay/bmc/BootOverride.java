package org.underlay.bmc;

import java.util.Objects;

/**
 * A boot device override.
 *
 * @param device     target device
 * @param persistent {@code true}: for all future boots; {@code false}: next boot only
 * @param mode       UEFI or legacy BIOS boot
 */
public record BootOverride(BootDevice device, boolean persistent, BootMode mode) {

	public BootOverride {
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(mode, "mode");
	}

	public static BootOverride once(BootDevice device, BootMode mode) {
		return new BootOverride(device, false, mode);
	}

	public static BootOverride persistent(BootDevice device, BootMode mode) {
		return new BootOverride(device, true, mode);
	}
}
