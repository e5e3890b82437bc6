package org.underlay.deploy.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Sensor;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.deploy.fanout.Outcome;
import org.underlay.operations.observed.LldpNeighbour;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedInterface;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.observed.SensorReading;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshException;

import com.google.gson.JsonParser;

/**
 * Observes machines: over the BMC power state, boot override (target and Once/Continuous), inventory and sensors;
 * over SSH (when the machine is on) facts, interfaces and LLDP neighbours. A machine whose BMC cannot be reached is
 * recorded as such; keeping its last good observation is the store's merge ({@code Observations.merge}).
 */
public final class Collector {

	/** Runs a command on the machine being observed. */
	interface Exec {
		ExecResult exec(String command) throws ActionFailure, InterruptedException;
	}

	private final EngineSettings settings;

	public Collector(EngineSettings settings) {
		this.settings = settings;
	}

	public Observation collect(String environment, List<Plan.Machine> machines) throws InterruptedException {
		try (SshClient ssh = new SshClient(settings.ssh())) {
			FanOutReport<Plan.Machine, ObservedMachine> report = FanOut.run(machines, settings.parallelism(),
					machine -> observe(machine, ssh), null);
			List<ObservedMachine> observed = new ArrayList<>();
			for (Outcome<Plan.Machine, ObservedMachine> outcome : report.outcomes()) {
				observed.add(outcome.value() != null ? outcome.value()
						: Observations.unreachable(outcome.target().name(), Instant.now(),
								outcome.error() == null ? "cancelled" : ActionFailure.message(outcome.error())));
			}
			return Observations.observation(environment, Instant.now(), observed);
		}
	}

	private ObservedMachine observe(Plan.Machine machine, SshClient sshClient) throws InterruptedException {
		Instant at = Instant.now();
		String power = null;
		String boot = null;
		String bootEnabled = null;
		Map<String, String> facts = new LinkedHashMap<>();
		List<SensorReading> sensors = new ArrayList<>();
		List<ObservedInterface> interfaces = new ArrayList<>();
		List<LldpNeighbour> neighbours = new ArrayList<>();
		try (MachineConnections c = new MachineConnections(machine, settings, sshClient)) {
			if (machine.bmc() != null) {
				try {
					BmcClient bmc = c.bmc();
					power = bmc.powerState().name().toLowerCase(Locale.ROOT);
					BootOverride override = bmc.bootOverride();
					if (override != null && override.device() != BootDevice.NONE) {
						boot = override.device() == BootDevice.BIOS_SETUP ? "bios"
								: override.device().name().toLowerCase(Locale.ROOT);
						bootEnabled = override.persistent() ? "continuous" : "once";
					}
					var inventory = bmc.inventory();
					put(facts, "serial", inventory.serialNumber());
					put(facts, "model", inventory.model());
					put(facts, "manufacturer", inventory.manufacturer());
					for (Sensor sensor : bmc.sensors()) {
						sensors.add(Observations.sensor(sensor.name(),
								sensor.value().isPresent() ? sensor.value().getAsDouble() : null, sensor.unit(),
								sensor.status().name().toLowerCase(Locale.ROOT)));
					}
				} catch (BmcException | ActionFailure e) {
					return Observations.unreachable(machine.name(), at, "BMC " + machine.bmc() + ": "
							+ ActionFailure.message(e));
				}
			}
			if (machine.ssh() != null && !"off".equals(power)) {
				Exec exec = command -> {
					try {
						return c.ssh().exec(command, settings.commandTimeout());
					} catch (SshException e) {
						c.dropSsh();
						if (e.kind() == SshException.Kind.CANCELLED) {
							throw new InterruptedException();
						}
						throw new ActionFailure("SSH " + machine.ssh() + ": " + ActionFailure.message(e));
					}
				};
				try {
					facts.putAll(facts(exec));
					interfaces.addAll(interfaces(exec.exec("ip -j addr").stdout()));
					// lldpctl exits non-zero where LLDP is not installed: then there is nothing to compare
					ExecResult lldpctl = exec.exec("lldpctl -f keyvalue");
					neighbours.addAll(neighbours(lldpctl.exitStatus() == 0 ? lldpctl.stdout() : ""));
				} catch (ActionFailure e) {
					facts.put("ssh", "unreachable: " + e.getMessage());
				}
			}
		}
		ObservedMachine observed = Observations.machine(machine.name(), at);
		observed.setPower(power);
		observed.setBootDevice(boot);
		observed.setBootOverride(bootEnabled);
		Observations.facts(observed, facts);
		Observations.interfaces(observed, interfaces);
		observed.getSensors().addAll(sensors);
		Observations.neighbours(observed, neighbours);
		return observed;
	}

	/** Facts a collect step gathers: host name, OS release, kernel, the installed image. */
	static Map<String, String> facts(Exec c) throws ActionFailure, InterruptedException {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("hostname", c.exec("hostname").stdout().strip());
		for (String line : c.exec("cat /etc/os-release").stdout().split("\n")) {
			if (line.startsWith("PRETTY_NAME=")) {
				facts.put("os.release", line.substring(12).replace("\"", ""));
			} else if (line.startsWith("VERSION_ID=")) {
				facts.put("os.version", line.substring(11).replace("\"", ""));
			}
		}
		facts.put("kernel", c.exec("uname -r").stdout().strip());
		ExecResult image = c.exec("cat /etc/underlay-image");
		if (image.exitStatus() == 0 && !image.stdout().isBlank()) {
			facts.put("os.image", image.stdout().strip());
		}
		return facts;
	}

	/** {@code ip -j addr}: each interface's name, MAC and addresses (loopback left out). */
	public static List<ObservedInterface> interfaces(String json) {
		List<ObservedInterface> result = new ArrayList<>();
		try {
			var array = JsonParser.parseString(json).getAsJsonArray();
			for (var element : array) {
				var link = element.getAsJsonObject();
				String name = link.has("ifname") ? link.get("ifname").getAsString() : null;
				if (name == null || name.equals("lo")) {
					continue;
				}
				String mac = link.has("address") ? link.get("address").getAsString() : null;
				List<String> addresses = new ArrayList<>();
				if (link.has("addr_info")) {
					for (var info : link.getAsJsonArray("addr_info")) {
						var address = info.getAsJsonObject();
						if (address.has("local")) {
							addresses.add(address.get("local").getAsString()
									+ (address.has("prefixlen") ? "/" + address.get("prefixlen").getAsInt() : ""));
						}
					}
				}
				result.add(Observations.nic(name, mac, addresses));
			}
		} catch (RuntimeException e) {
			// not JSON (an old iproute2): no interfaces observed rather than wrong ones
		}
		return result;
	}

	/** lldpctl's keyvalue output: lldp.ens1f0.chassis.name=tor-r01, lldp.ens1f0.port.ifname=Ethernet1. */
	public static List<LldpNeighbour> neighbours(String keyvalue) {
		Map<String, String> system = new LinkedHashMap<>();
		Map<String, String> port = new LinkedHashMap<>();
		for (String line : keyvalue.split("\n")) {
			String[] kv = line.split("=", 2);
			if (kv.length != 2 || !kv[0].startsWith("lldp.")) {
				continue;
			}
			String[] key = kv[0].split("\\.");
			if (key.length >= 4 && key[2].equals("chassis") && key[3].equals("name")) {
				system.put(key[1], kv[1].strip());
			} else if (key.length >= 4 && key[2].equals("port")
					&& (key[3].equals("ifname") || (key[3].equals("descr") && !port.containsKey(key[1])))) {
				port.put(key[1], kv[1].strip());
			}
		}
		List<LldpNeighbour> result = new ArrayList<>();
		system.forEach((local, name) -> result.add(Observations.neighbour(local, name, port.get(local))));
		return result;
	}

	private static void put(Map<String, String> facts, String key, String value) {
		if (value != null && !value.isBlank()) {
			facts.put(key, value.strip());
		}
	}
}
