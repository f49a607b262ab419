package org.dinfra.chain.client;

import java.util.HexFormat;

/** The {@code 0x}-prefixed hex of Substrate JSON-RPC (keys, values, hashes, extrinsics). */
public final class Hex {
	private static final HexFormat HEX = HexFormat.of();

	private Hex() {
	}

	/** @param bytes bytes @return {@code 0x} and their lower-case hex */
	public static String encode(byte[] bytes) {
		return "0x" + HEX.formatHex(bytes);
	}

	/**
	 * @param text hex, with or without {@code 0x}
	 * @return its bytes
	 * @throws ScaleException if it is not hex (the message shows at most 20 characters of it)
	 */
	public static byte[] decode(String text) {
		try {
			return HEX.parseHex(text.startsWith("0x") ? text.substring(2) : text);
		} catch (IllegalArgumentException e) {
			throw new ScaleException("not hex: " + (text.length() > 20 ? text.substring(0, 20) + "..." : text));
		}
	}
}
