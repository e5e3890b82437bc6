package org.underlay.lab.vm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.boot.BootException;
import org.underlay.boot.BootMachine;
import org.underlay.boot.BootMachines;
import org.underlay.boot.BootService;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * The rehearsal lab's VM tier: per machine of an environment a QEMU machine with the design's MAC on the lab's
 * bridge and a Redfish BMC in front of it at the environment's BMC endpoint, and the boot service on the bridge.
 * The BMC drives the machine as a real one does: power On starts it, from the network when a PXE override is set
 * (used up by that boot), else from its disk; Off stops it; a guest that powers itself off makes the BMC read Off.
 * The plan that runs here is the one that runs in production; only the environment's endpoints differ.
 */
public final class VmLab implements AutoCloseable {

	/** The one computer system of each BMC. */
	public static final String SYSTEM_ID = "1";

	/**
	 * What the lab is made of.
	 *
	 * @param machines       the environment's machines (from the design)
	 * @param bmcs           each machine's BMC endpoint (from the environment's bindings)
	 * @param bmcUser        the BMCs' user
	 * @param bmcPassword    their password
	 * @param catalogue      the images
	 * @param installer      the installer's folder
	 * @param authorizedKeys the SSH keys the installer installs
	 * @param stateDir       where the machines' disks and consoles live
	 * @param bridge         the bridge's name
	 * @param bridgeAddress  its address with prefix, in the machines' boot network
	 * @param accelerator    KVM or TCG
	 * @param memoryMiB      each machine's memory
	 * @param diskBytes      each machine's disk size, by machine name
	 */
	public record Options(BootMachines machines, Map<String, InetSocketAddress> bmcs, String bmcUser,
			String bmcPassword, ImageCatalogue catalogue, Path installer, List<String> authorizedKeys, Path stateDir,
			String bridge, String bridgeAddress, Accelerator accelerator, int memoryMiB, ToLongFunction<String> diskBytes) {
	}

	private final VmBridge bridge;
	private final Map<String, QemuMachine> vms = new LinkedHashMap<>();
	private final Map<String, RedfishSimulator> bmcs = new LinkedHashMap<>();
	private BootService boot;
	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "underlay-vm-lab-power");
		thread.setDaemon(true);
		return thread;
	});

	private VmLab(VmBridge bridge) {
		this.bridge = bridge;
	}

	/** Starts the bridge, the machines (off), their BMCs and the boot service; {@code events} hears each step. */
	public static VmLab start(Options options, Consumer<String> events) throws IOException, BootException {
		VmLab lab = new VmLab(new VmBridge(options.bridge(), options.bridgeAddress()));
		try {
			int index = 0;
			for (BootMachine machine : options.machines().machines()) {
				InetSocketAddress endpoint = options.bmcs().get(machine.name());
				if (endpoint == null) {
					throw new IOException(machine.name() + " has no BMC endpoint in the environment");
				}
				QemuMachine vm = new QemuMachine(new QemuMachine.Spec(machine.name(), machine.bootNic().mac(),
						lab.bridge.tap(index++), options.stateDir().resolve(machine.name()), options.diskBytes().applyAsLong(machine.name()),
						options.memoryMiB(), options.accelerator()), events);
				lab.vms.put(machine.name(), vm);
				SimulatorConfig config = SimulatorConfig.builder()
						.system(new SimulatorConfig.SystemSpec(SYSTEM_ID, "VM-" + machine.name(), "QEMU", "Underlay",
								"Off"))
						.user(options.bmcUser(), options.bmcPassword(), SimulatorConfig.Role.Administrator)
						.tls(true).bindAddress(endpoint.getHostString()).port(endpoint.getPort()).build();
				RedfishSimulator bmc = RedfishSimulator.start(config);
				lab.bmcs.put(machine.name(), bmc);
				bmc.onPowerChange((system, state) -> powerChanged(bmc, vm, state, events));
				vm.onGuestOff(() -> bmc.setPowerState(SYSTEM_ID, "Off"));
			}
			// a power transition completes in time, not on a request: reading the state lets the simulator tell
			lab.poller.scheduleWithFixedDelay(() -> lab.bmcs.values().forEach(bmc -> bmc.powerState(SYSTEM_ID)), 200,
					200, TimeUnit.MILLISECONDS);
			lab.boot = BootService.start(new BootService.Options(options.machines(), options.catalogue(),
					options.installer(), options.bridge(), 0, false, options.authorizedKeys(), "console=ttyS0,115200"),
					(machine, what) -> events.accept((machine.isEmpty() ? "" : machine + ": ") + what));
			return lab;
		} catch (IOException | BootException | RuntimeException e) {
			lab.close();
			throw e;
		}
	}

	private static void powerChanged(RedfishSimulator bmc, QemuMachine vm, String state, Consumer<String> events) {
		try {
			if ("On".equals(state)) {
				vm.powerOn("Pxe".equals(bmc.lastBootTarget(SYSTEM_ID)));
			} else if ("Off".equals(state)) {
				vm.powerOff(false, Duration.ZERO);
			}
		} catch (IOException e) {
			events.accept("cannot follow the BMC's power " + state + ": " + e.getMessage());
		}
	}

	public QemuMachine vm(String machine) {
		return vms.get(machine);
	}

	public RedfishSimulator bmc(String machine) {
		return bmcs.get(machine);
	}

	/** The boot service serving the machines. */
	public BootService boot() {
		return boot;
	}

	/** The Redfish certificates of the BMCs, by machine (to pin or trust them). */
	public Map<String, String> certificates() {
		Map<String, String> certificates = new LinkedHashMap<>();
		bmcs.forEach((name, bmc) -> certificates.put(name, bmc.certificatePem()));
		return certificates;
	}

	@Override
	public void close() {
		poller.shutdownNow();
		List<AutoCloseable> all = new ArrayList<>();
		if (boot != null) {
			all.add(boot);
		}
		all.addAll(vms.values());
		all.addAll(bmcs.values());
		all.add(bridge);
		for (AutoCloseable c : all) {
			try {
				c.close();
			} catch (Exception e) {
				// closing the rest matters more
			}
		}
	}
}
