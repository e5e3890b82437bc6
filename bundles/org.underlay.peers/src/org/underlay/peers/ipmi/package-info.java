/**
 * {@code ipmi_sim} BMCs: {@link org.underlay.peers.ipmi.IpmiSim} writes lan.conf and the emulator's commands and
 * starts one; the scripts it uses (chassis-control.sh, mkfru.py, the sensor repository) and the boot flags module
 * (native/bootflags.c, compiled by this bundle's build) are resources beside it.
 */
package org.underlay.peers.ipmi;
