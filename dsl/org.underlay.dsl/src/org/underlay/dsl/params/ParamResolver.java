package org.underlay.dsl.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.ParamValue;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.ProfileUse;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.Value;

/**
 * Value provenance: the effective value of every param of a device and the chain of layers that set it, lowest
 * first. Layers, each overriding the ones before: the param's default (global) &lt; site &lt; room &lt; rack &lt;
 * the device's profiles in the order listed (a later profile overrides an earlier one) &lt; the device itself.
 * Offline and side-effect free: works on the model as parsed and linked.
 */
public final class ParamResolver {

	public enum LayerKind {
		GLOBAL("default"), SITE("site"), ROOM("room"), RACK("rack"), PROFILE("profile"), DEVICE("device");

		private final String label;

		LayerKind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/** One layer's contribution: where it was written and the value written there. */
	public record Setting(LayerKind kind, String layerName, EObject source, Value value) {

		/** "rack r01", "profile web", "default of os.image". */
		public String describe() {
			return kind == LayerKind.GLOBAL ? "default" : kind.label() + " " + layerName;
		}
	}

	/** A param of a device: its declaration and every setting, lowest precedence first. */
	public record EffectiveParam(ParamDecl declaration, List<Setting> chain) {

		public boolean isSet() {
			return !chain.isEmpty();
		}

		/** The setting that wins, or null when nothing sets the param. */
		public Setting effective() {
			return chain.isEmpty() ? null : chain.get(chain.size() - 1);
		}

		public Value value() {
			return isSet() ? effective().value() : null;
		}
	}

	private ParamResolver() {
	}

	/**
	 * Every param declared in the device's resource set (plus any set on the device's layers), with its effective
	 * value and provenance, ordered by param name.
	 */
	public static List<EffectiveParam> resolve(Device device) {
		Map<ParamDecl, List<Setting>> chains = new LinkedHashMap<>();
		for (ParamDecl declaration : declarations(device)) {
			chains.put(declaration, new ArrayList<>());
		}
		for (Setting setting : settings(device)) {
			ParamDecl declaration = setting.kind() == LayerKind.GLOBAL ? (ParamDecl) setting.source()
					: ((ParamValue) setting.source()).getParam();
			if (declaration != null && !declaration.eIsProxy()) {
				chains.computeIfAbsent(declaration, d -> new ArrayList<>()).add(setting);
			}
		}
		List<EffectiveParam> result = new ArrayList<>();
		chains.forEach((declaration, chain) -> result.add(new EffectiveParam(declaration, List.copyOf(chain))));
		result.sort((a, b) -> String.valueOf(a.declaration().getName())
				.compareTo(String.valueOf(b.declaration().getName())));
		return result;
	}

	/** The effective param named {@code name} (as declared, e.g. {@code os.image}), or null. */
	public static EffectiveParam resolve(Device device, String name) {
		for (EffectiveParam param : resolve(device)) {
			if (name.equals(param.declaration().getName())) {
				return param;
			}
		}
		return null;
	}

	/** All settings that reach the device, lowest precedence first; defaults come before every other layer. */
	static List<Setting> settings(Device device) {
		List<Setting> settings = new ArrayList<>();
		for (ParamDecl declaration : declarations(device)) {
			if (declaration.getDefault() != null) {
				settings.add(new Setting(LayerKind.GLOBAL, declaration.getName(), declaration, declaration.getDefault()));
			}
		}
		Rack rack = device.eContainer() instanceof Rack r ? r : null;
		Room room = rack != null && rack.eContainer() instanceof Room r ? r : null;
		Site site = room != null && room.eContainer() instanceof Site s ? s : null;
		if (site != null) {
			add(settings, LayerKind.SITE, site.getName(), site.getParams());
		}
		if (room != null) {
			add(settings, LayerKind.ROOM, room.getName(), room.getParams());
		}
		if (rack != null) {
			add(settings, LayerKind.RACK, rack.getName(), rack.getParams());
		}
		for (Profile profile : profilesOf(device)) {
			add(settings, LayerKind.PROFILE, profile.getName(), profile.getParams());
		}
		List<ParamValue> own = new ArrayList<>();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof ParamValue value) {
				own.add(value);
			}
		}
		add(settings, LayerKind.DEVICE, device.getName(), own);
		return settings;
	}

	/** The device's profiles in the order written, unresolved ones left out. */
	public static List<Profile> profilesOf(Device device) {
		List<Profile> profiles = new ArrayList<>();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof ProfileUse use) {
				for (Profile profile : use.getProfiles()) {
					if (profile != null && !profile.eIsProxy()) {
						profiles.add(profile);
					}
				}
			}
		}
		return profiles;
	}

	/** The params declared anywhere in the device's design (its resource set). */
	public static List<ParamDecl> declarations(EObject context) {
		return DesignElements.elementsOf(DesignElements.resourcesOf(context), ParamDecl.class);
	}

	private static void add(List<Setting> settings, LayerKind kind, String layer, List<ParamValue> values) {
		for (ParamValue value : values) {
			if (value.getValue() != null) {
				settings.add(new Setting(kind, layer, value, value.getValue()));
			}
		}
	}
}
