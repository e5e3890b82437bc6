package org.underlay.dsl.params;

import java.util.ArrayList;
import java.util.List;

import org.underlay.dsl.model.Racks;
import org.underlay.dsl.params.ParamResolver.EffectiveParam;
import org.underlay.dsl.params.ParamResolver.Setting;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.Rack;


/** Readable provenance for hovers, views and the command line: which value a device gets, and from where. */
public final class Provenance {

	private Provenance() {
	}

	/** "os.image = "debian-12-hardened"  from device web-01 (overrides: default "debian-12")". */
	public static String line(EffectiveParam param) {
		String name = param.declaration().getName();
		if (!param.isSet()) {
			return name + " has no value" + (param.declaration().isRequired() ? " (required)" : "");
		}
		Setting winner = param.effective();
		StringBuilder line = new StringBuilder(name).append(" = ").append(Values.format(winner.value()))
				.append("  from ").append(winner.describe());
		List<String> overridden = new ArrayList<>();
		for (int i = param.chain().size() - 2; i >= 0; i--) {
			Setting setting = param.chain().get(i);
			overridden.add(setting.describe() + " " + Values.format(setting.value()));
		}
		if (!overridden.isEmpty()) {
			line.append(" (overrides ").append(String.join(", ", overridden)).append(')');
		}
		return line.toString();
	}

	/** A device, where it stands, and every effective param with its provenance. */
	public static String describe(Device device) {
		StringBuilder text = new StringBuilder();
		text.append(device.getKind().getLiteral()).append(' ').append(device.getName());
		DeviceType type = device.getType();
		if (type != null && !type.eIsProxy()) {
			text.append(" : ").append(type.getName());
			if (type.getVendor() != null || type.getModel() != null) {
				text.append(" (").append(join(type.getVendor(), type.getModel())).append(')');
			}
		}
		if (device.eContainer() instanceof Rack rack) {
			text.append("\nrack ").append(rack.getName());
			Integer height = Racks.heightOf(device);
			if (height != null && height > 0 && Racks.isPlaced(device)) {
				text.append(", ").append(Racks.units(device.getPosition(), height)).append(' ')
						.append(device.getFace().getLiteral());
			}
		}
		List<EffectiveParam> params = ParamResolver.resolve(device);
		if (!params.isEmpty()) {
			text.append("\n\nEffective params (default < site < room < rack < profiles < device):");
			for (EffectiveParam param : params) {
				text.append("\n  ").append(line(param));
			}
		}
		return text.toString();
	}

	/** A param's declaration, and for a device its effective value. */
	public static String describe(ParamDecl declaration, Device device) {
		StringBuilder text = new StringBuilder("param ").append(declaration.getName()).append(" : ")
				.append(declaration.getType().getLiteral());
		if (declaration.isRequired()) {
			text.append(" required");
		}
		if (declaration.getDefault() != null) {
			text.append(" default ").append(Values.format(declaration.getDefault()));
		}
		if (declaration.getDoc() != null) {
			text.append("\n").append(declaration.getDoc());
		}
		if (device != null) {
			EffectiveParam param = ParamResolver.resolve(device, declaration.getName());
			if (param != null) {
				text.append("\n\nOn ").append(device.getName()).append(": ").append(line(param));
			}
		}
		return text.toString();
	}

	private static String join(String a, String b) {
		return a == null ? b : b == null ? a : a + " " + b;
	}
}
