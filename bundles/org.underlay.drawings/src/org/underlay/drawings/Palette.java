package org.underlay.drawings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.underlay.dsl.underlay.DeviceKind;

/** Colours (0xRRGGBB) shared by every back end, so the workbench and the exports look alike. */
public final class Palette {

	public static final int INK = 0x1f2328;
	public static final int MUTED = 0x656d76;
	public static final int RAIL = 0x3d444d;
	public static final int EMPTY_UNIT = 0xf6f8fa;
	public static final int UNIT_LINE = 0xd0d7de;
	public static final int BACKGROUND = 0xffffff;
	public static final int ERROR = 0xd1242f;
	public static final int WARNING = 0xbf8700;
	public static final int HIGHLIGHT = 0x0969da;
	public static final int RACK_GROUP = 0xf0f3f6;
	public static final int OVER_BUDGET = 0xd1242f;
	public static final int WITHIN_BUDGET = 0x1a7f37;
	/** Where what was observed differs from the design. */
	public static final int DRIFT = 0xc2185b;

	/** Distinct, print-friendly fills for roles (profiles), cycling. */
	private static final int[] ROLES = { 0x9ecae1, 0xfdae6b, 0xbcbddc, 0xa1d99b, 0xfc9272, 0xfdd0a2, 0xd9d9d9,
			0xc7e9c0, 0x9e9ac8, 0xe7cb94 };

	private Palette() {
	}

	public static int of(DeviceKind kind) {
		return switch (kind) {
		case SERVER -> 0x9ecae1;
		case SWITCH -> 0xa1d99b;
		case PDU -> 0xfdd0a2;
		case PATCH_PANEL -> 0xd9d9d9;
		default -> 0xdadaeb;
		};
	}

	/** A stable colour for a role name (the same role gets the same colour in every view and export). */
	public static int ofRole(String role) {
		if (role == null) {
			return 0xe1e4e8;
		}
		return ROLES[Math.floorMod(role.hashCode(), ROLES.length)];
	}

	/** Distinct colours for roles in the order given (the first role the first colour): no two look alike. */
	public static Map<String, Integer> roles(Collection<String> roles) {
		Map<String, Integer> colours = new LinkedHashMap<>();
		for (String role : roles) {
			colours.putIfAbsent(role, ROLES[colours.size() % ROLES.length]);
		}
		return colours;
	}

	public static String hex(int rgb) {
		return String.format("#%06x", rgb & 0xffffff);
	}
}
