/**
 * The rehearsal lab's second tier: QEMU virtual machines that really boot, install and run the design's OS, on a
 * bridge of their own where the boot service serves them. {@link org.underlay.lab.vm.Accelerator} says whether KVM
 * works here or software emulation (TCG) is used; {@link org.underlay.lab.vm.VmBridge} makes the bridge and taps;
 * {@link org.underlay.lab.vm.QemuMachine} is one machine: its disk, its NIC with the design's MAC, power on (from
 * the network or the disk) and off.
 */
package org.underlay.lab.vm;
