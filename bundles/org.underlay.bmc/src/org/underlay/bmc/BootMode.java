package org.underlay.bmc;

/** Firmware boot mode requested with a boot override. */
public enum BootMode {
	UEFI, LEGACY
}
