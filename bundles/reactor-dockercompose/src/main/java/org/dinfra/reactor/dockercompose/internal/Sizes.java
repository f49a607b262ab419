package org.dinfra.reactor.dockercompose.internal;

import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Compose's byte sizes ({@code 512m}, {@code 2g}, a number of bytes) and CPU counts ({@code "0.5"}, {@code 2}). */
final class Sizes {
	private Sizes() {
	}

	/**
	 * @param text a size: digits with an optional fraction and unit b, k, m, g (1024-based), optionally followed by b
	 * @return the number of bytes
	 * @throws IllegalArgumentException when the text is not a size
	 */
	static long bytes(String text) {
		String s = text.trim().toLowerCase(Locale.ROOT);
		if (s.endsWith("b") && s.length() > 1 && "kmgb".indexOf(s.charAt(s.length() - 2)) >= 0) {
			s = s.substring(0, s.length() - 1);
		}
		long unit = 1;
		if (!s.isEmpty() && Character.isLetter(s.charAt(s.length() - 1))) {
			unit = switch (s.charAt(s.length() - 1)) {
				case 'b' -> 1L;
				case 'k' -> 1L << 10;
				case 'm' -> 1L << 20;
				case 'g' -> 1L << 30;
				default -> throw new IllegalArgumentException("unknown size unit in '" + text + "'");
			};
			s = s.substring(0, s.length() - 1);
		}
		try {
			BigDecimal value = new BigDecimal(s).multiply(BigDecimal.valueOf(unit));
			if (value.signum() <= 0) {
				throw new IllegalArgumentException("size '" + text + "' must be positive");
			}
			return value.longValueExact();
		} catch (NumberFormatException | ArithmeticException e) {
			throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 512m, 2g)", e);
		}
	}

	/** @return the bytes of a JSON size (a number of bytes or a size string) */
	static long bytes(JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.asLong() <= 0) {
				throw new IllegalArgumentException("size " + node.asLong() + " must be positive");
			}
			return node.asLong();
		}
		return bytes(node.asText());
	}

	/** @return the CPU count of a JSON value (a number or a numeric string) */
	static double cpus(JsonNode node) {
		double v;
		try {
			v = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText().trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + node.asText() + "' is not a CPU count", e);
		}
		if (!(v > 0) || Double.isInfinite(v)) {
			throw new IllegalArgumentException("CPU count " + node.asText() + " must be positive");
		}
		return v;
	}

	/** @return a size for humans: 2g, 512m, 1536k or a number of bytes */
	static String human(long bytes) {
		if (bytes % (1L << 30) == 0) {
			return (bytes >> 30) + "g";
		}
		if (bytes % (1L << 20) == 0) {
			return (bytes >> 20) + "m";
		}
		if (bytes % (1L << 10) == 0) {
			return (bytes >> 10) + "k";
		}
		return Long.toString(bytes);
	}

	/** @return a CPU count without a useless fraction: 2, 0.5 */
	static String cpuText(double cpus) {
		BigDecimal d = BigDecimal.valueOf(cpus).stripTrailingZeros();
		return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
	}
}
