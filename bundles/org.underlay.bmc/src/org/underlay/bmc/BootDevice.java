package org.underlay.bmc;

/** Boot device override targets. */
public enum BootDevice {
	/** No override: the firmware's own boot order. */
	NONE,
	PXE,
	DISK,
	CDROM,
	/** Enter firmware (BIOS/UEFI) setup. */
	BIOS_SETUP
}
