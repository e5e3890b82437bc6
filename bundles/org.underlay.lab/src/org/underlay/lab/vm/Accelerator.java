package org.underlay.lab.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * KVM where it works, software emulation (TCG) where it does not. {@code /dev/kvm} alone proves nothing: on a
 * machine without the CPU's virtualization extensions (no vmx/svm in /proc/cpuinfo, as in nested clouds) a KVM guest
 * hangs at its first instructions. Timeouts scale with the choice.
 *
 * @param kvm    whether QEMU runs with KVM
 * @param reason why this one, for the operator
 */
public record Accelerator(boolean kvm, String reason) {

	/** How much slower than KVM a boot under TCG is, for timeouts. */
	private static final int TCG_FACTOR = 4;

	/** Probes this machine. */
	public static Accelerator probe() {
		Path kvm = Path.of("/dev/kvm");
		if (!Files.exists(kvm)) {
			return new Accelerator(false, "software emulation (TCG): no /dev/kvm");
		}
		if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
			return new Accelerator(false, "software emulation (TCG): /dev/kvm is not usable by this user");
		}
		try {
			String cpu = Files.readString(Path.of("/proc/cpuinfo"));
			if (!cpu.matches("(?s).*\\bflags\\b[^\\n]*\\b(vmx|svm)\\b.*")) {
				return new Accelerator(false, "software emulation (TCG): the CPU shows no virtualization extensions "
						+ "(vmx/svm), so KVM guests would hang");
			}
		} catch (IOException e) {
			return new Accelerator(false, "software emulation (TCG): cannot read /proc/cpuinfo");
		}
		return new Accelerator(true, "KVM");
	}

	/** QEMU's {@code -accel} value. */
	public String qemuName() {
		return kvm ? "kvm" : "tcg";
	}

	/** {@code base} as measured with KVM, scaled for this accelerator. */
	public Duration scale(Duration base) {
		return kvm ? base : base.multipliedBy(TCG_FACTOR);
	}
}
