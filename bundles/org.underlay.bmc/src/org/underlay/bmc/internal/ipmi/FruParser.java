package org.underlay.bmc.internal.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.underlay.bmc.Inventory;

/** Parses a FRU inventory image (Platform Management FRU Information Storage Definition v1.0). */
public final class FruParser {

	private static final String[] CHASSIS = { "Part Number", "Serial" };
	private static final String[] BOARD = { "Manufacturer", "Product", "Serial", "Part Number", "FRU File ID" };
	private static final String[] PRODUCT = { "Manufacturer", "Name", "Part Number", "Version", "Serial",
			"Asset Tag", "FRU File ID" };

	private FruParser() {
	}

	/** @throws IllegalArgumentException if the common header is broken */
	public static Inventory parse(byte[] fru) {
		if (fru.length < 8 || (fru[0] & 0x0F) != 0x01) {
			throw new IllegalArgumentException("FRU common header missing (format version)");
		}
		int sum = 0;
		for (int i = 0; i < 8; i++) {
			sum += fru[i];
		}
		if ((sum & 0xFF) != 0) {
			throw new IllegalArgumentException("FRU common header checksum mismatch");
		}
		Map<String, String> details = new LinkedHashMap<>();
		area(fru, (fru[2] & 0xFF) * 8, 3, "Chassis", CHASSIS, details);
		area(fru, (fru[3] & 0xFF) * 8, 6, "Board", BOARD, details);
		area(fru, (fru[4] & 0xFF) * 8, 3, "Product", PRODUCT, details);
		return new Inventory(details.get("Product Manufacturer"), details.get("Product Name"),
				details.get("Product Part Number"), details.get("Product Serial"), details.get("Product Asset Tag"),
				details.get("Chassis Serial"), details.get("Board Serial"), details);
	}

	/** Reads the type/length-coded fields of one area; {@code skip} = bytes before the first field. */
	private static void area(byte[] fru, int offset, int skip, String area, String[] names,
			Map<String, String> out) {
		if (offset == 0 || offset + 2 > fru.length) {
			return;
		}
		int end = Math.min(fru.length, offset + (fru[offset + 1] & 0xFF) * 8);
		int at = offset + skip;
		if ("Chassis".equals(area) && offset + 2 < fru.length) {
			out.put("Chassis Type", String.valueOf(fru[offset + 2] & 0xFF));
		}
		int index = 0;
		int custom = 1;
		while (at < end) {
			int typeLength = fru[at] & 0xFF;
			if (typeLength == 0xC1) {
				break;
			}
			int length = typeLength & 0x3F;
			if (at + 1 + length > end) {
				break;
			}
			String value = decode(typeLength >>> 6, fru, at + 1, length);
			String name = index < names.length ? names[index] : "Extra " + custom++;
			if (!value.isEmpty() || index < names.length) {
				out.put(area + " " + name, value);
			}
			index++;
			at += 1 + length;
		}
	}

	private static String decode(int type, byte[] b, int at, int length) {
		switch (type) {
			case 3:
				return new String(b, at, length, StandardCharsets.ISO_8859_1).trim();
			case 2: { // 6-bit packed ASCII
				StringBuilder s = new StringBuilder();
				int bits = 0;
				int acc = 0;
				for (int i = 0; i < length; i++) {
					acc |= (b[at + i] & 0xFF) << bits;
					bits += 8;
					while (bits >= 6) {
						s.append((char) ((acc & 0x3F) + 0x20));
						acc >>>= 6;
						bits -= 6;
					}
				}
				return s.toString().trim();
			}
			case 1: { // BCD plus
				String digits = "0123456789 -.???";
				StringBuilder s = new StringBuilder();
				for (int i = 0; i < length; i++) {
					s.append(digits.charAt((b[at + i] >>> 4) & 0x0F)).append(digits.charAt(b[at + i] & 0x0F));
				}
				return s.toString().trim();
			}
			default: {
				StringBuilder s = new StringBuilder();
				for (int i = 0; i < length; i++) {
					s.append(String.format("%02x", b[at + i] & 0xFF));
				}
				return s.toString();
			}
		}
	}
}
