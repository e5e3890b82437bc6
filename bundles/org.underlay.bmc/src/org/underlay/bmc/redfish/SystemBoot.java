package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.string;
import static org.underlay.bmc.redfish.RedfishJson.strings;

import java.util.Map;

import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Settings of one computer system that are changed by PATCH: the boot override (read back as the BMC keeps it,
 * Once or Continuous) and the indicator LED. A PATCH carries If-Match with the ETag just read, when the BMC gives one.
 */
final class SystemBoot {

	private static final Map<String, BootDevice> TARGETS = Map.of("None", BootDevice.NONE, "Pxe", BootDevice.PXE,
			"Hdd", BootDevice.DISK, "Cd", BootDevice.CDROM, "BiosSetup", BootDevice.BIOS_SETUP);

	private final RedfishResources resources;
	private final String systemPath;

	SystemBoot(RedfishResources resources, String systemPath) {
		this.resources = resources;
		this.systemPath = systemPath;
	}

	private String address() {
		return resources.address();
	}

	static String redfishTarget(BootDevice d) {
		return switch (d) {
			case NONE -> "None";
			case PXE -> "Pxe";
			case DISK -> "Hdd";
			case CDROM -> "Cd";
			case BIOS_SETUP -> "BiosSetup";
		};
	}

	/** The override as the BMC reports it: persistent exactly when it says Continuous (whatever was asked for). */
	BootOverride bootOverride(Deadline dl) throws BmcException {
		JsonObject boot = object(resources.get(systemPath, dl, "read the boot override"), "Boot");
		if (boot == null) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no Boot settings");
		}
		String enabled = string(boot, "BootSourceOverrideEnabled");
		String target = string(boot, "BootSourceOverrideTarget");
		BootMode mode = "Legacy".equals(string(boot, "BootSourceOverrideMode")) ? BootMode.LEGACY : BootMode.UEFI;
		if (enabled == null || enabled.equals("Disabled") || target == null || target.equals("None")) {
			return new BootOverride(BootDevice.NONE, false, mode);
		}
		BootDevice device = TARGETS.get(target);
		if (device == null) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the boot override target '" + target
					+ "' has no equivalent in this tool (" + TARGETS.keySet() + ")");
		}
		return new BootOverride(device, enabled.equals("Continuous"), mode);
	}

	void setBootOverride(BootOverride override, Deadline dl) throws BmcException {
		String what = "set the boot override";
		Reply current = resources.getReply(systemPath, dl, what);
		JsonObject boot = object(current.json(), "Boot");
		if (boot == null) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no Boot settings");
		}
		String target = redfishTarget(override.device());
		JsonArray allowedTargets = array(boot, "BootSourceOverrideTarget@Redfish.AllowableValues");
		if (allowedTargets != null && !strings(allowedTargets).contains(target)) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC cannot boot from " + target
					+ " (it allows " + strings(allowedTargets) + ")");
		}
		JsonObject patchBoot = new JsonObject();
		patchBoot.addProperty("BootSourceOverrideTarget", target);
		patchBoot.addProperty("BootSourceOverrideEnabled", override.device() == BootDevice.NONE ? "Disabled"
				: override.persistent() ? "Continuous" : "Once");
		String mode = override.mode() == BootMode.LEGACY ? "Legacy" : "UEFI";
		if (boot.has("BootSourceOverrideMode")) {
			JsonArray modes = array(boot, "BootSourceOverrideMode@Redfish.AllowableValues");
			if (modes != null && !strings(modes).contains(mode)) {
				throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC cannot boot in " + mode
						+ " mode (it allows " + strings(modes) + ")");
			}
			patchBoot.addProperty("BootSourceOverrideMode", mode);
		} else if (override.mode() == BootMode.LEGACY) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC has no boot mode setting");
		}
		JsonObject patch = new JsonObject();
		patch.add("Boot", patchBoot);
		patch(current, patch, dl, what);
	}

	/** Switches the indicator on or off, through whichever property the system has. */
	void indicator(boolean on, Deadline dl) throws BmcException {
		String what = "switch the identify LED";
		Reply current = resources.getReply(systemPath, dl, what);
		JsonObject patch = new JsonObject();
		if (current.json().has("LocationIndicatorActive")) {
			patch.addProperty("LocationIndicatorActive", on);
		} else if (current.json().has("IndicatorLED")) {
			patch.addProperty("IndicatorLED", on ? "Lit" : "Off");
		} else {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no indicator LED");
		}
		patch(current, patch, dl, what);
	}

	/** PATCH with If-Match of the ETag just read; re-reads and retries once if another writer came between. */
	private void patch(Reply current, JsonObject patch, Deadline dl, String what) throws BmcException {
		for (int attempt = 0;; attempt++) {
			// a BMC without ETags gets no If-Match (DSP0266 makes them optional)
			String etag = current.header("ETag").orElse(string(current.json(), "@odata.etag"));
			Reply r = resources.exchange("PATCH", systemPath, patch, etag, dl, what);
			if (r.status() == 412 && attempt == 0) {
				current = resources.getReply(systemPath, dl, what);
				continue;
			}
			if (r.status() == 428) {
				throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the BMC requires If-Match but "
						+ "gave no ETag for " + systemPath + RedfishResources.redfishMessage(r));
			}
			resources.check(r, what, systemPath);
			return;
		}
	}
}
