package org.dinfra.cli.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.cli.CliException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chain's token as {@code system_properties} declares it ({@code tokenDecimals},
 * {@code tokenSymbol}): parses and shows amounts. An amount is a plain integer in the smallest
 * unit ({@code 1500000000000}) or a decimal followed by the symbol ({@code 1.5DNF},
 * {@code 1.5 DNF}, case-insensitive); balances are unsigned 128-bit integers.
 *
 * @param decimals the token's decimals (0 when the node declares none)
 * @param symbol   the token's symbol, or null when the node declares none
 */
public record Token(int decimals, String symbol) {
	private static final Pattern AMOUNT = Pattern.compile("([0-9][0-9_]*)(?:\\.([0-9_]+))?\\s*([A-Za-z][A-Za-z0-9]*)?");
	private static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

	/**
	 * @param properties the result of {@code system_properties}; a number or the first of a list
	 * @return the token it declares
	 */
	public static Token of(JsonNode properties) {
		JsonNode d = first(properties.path("tokenDecimals"));
		JsonNode s = first(properties.path("tokenSymbol"));
		return new Token(d.canConvertToInt() ? d.asInt() : 0, s.isTextual() && !s.asText().isBlank() ? s.asText() : null);
	}

	private static JsonNode first(JsonNode n) {
		return n.isArray() ? n.path(0) : n;
	}

	/**
	 * @param text an amount as the user wrote it
	 * @param what what it is, for the error message ("deposit")
	 * @return the amount in the smallest unit
	 * @throws CliException (exit 1) when it is not an amount of this token
	 */
	public BigInteger parse(String text, String what) {
		String t = text == null ? "" : text.strip();
		Matcher m = AMOUNT.matcher(t);
		String example = symbol == null ? "" : " or a decimal with the token symbol, for example 2.5" + symbol;
		if (!m.matches()) {
			throw new CliException("bad " + what + " '" + text + "': give an integer in the chain's smallest unit" + example);
		}
		String whole = m.group(1).replace("_", "");
		String fraction = m.group(2) == null ? null : m.group(2).replace("_", "");
		String unit = m.group(3);
		BigInteger value;
		if (unit == null) {
			if (fraction != null) {
				throw new CliException("bad " + what + " '" + text + "': a decimal needs the token symbol"
						+ (symbol == null ? ", and this chain declares none: give an integer in the smallest unit" : ", for example " + t + symbol));
			}
			value = new BigInteger(whole);
		} else {
			if (symbol == null) {
				throw new CliException("bad " + what + " '" + text + "': the node declares no token symbol; give an integer in the smallest unit");
			}
			if (!unit.toUpperCase(Locale.ROOT).equals(symbol.toUpperCase(Locale.ROOT))) {
				throw new CliException("bad " + what + " '" + text + "': unknown unit " + unit + " (this chain's token is " + symbol + ")");
			}
			BigDecimal d = new BigDecimal(fraction == null ? whole : whole + "." + fraction).movePointRight(decimals);
			try {
				value = d.toBigIntegerExact();
			} catch (ArithmeticException e) {
				throw new CliException("bad " + what + " '" + text + "': " + symbol + " has " + decimals + " decimals, no more");
			}
		}
		if (value.compareTo(U128_MAX) > 0) {
			throw new CliException("bad " + what + " '" + text + "': larger than a 128-bit balance");
		}
		return value;
	}

	/**
	 * @param amount an amount in the smallest unit
	 * @return it in tokens with the symbol, trailing zeros removed ({@code 1.5 DNF}); the integer
	 *         alone when the node declares no symbol
	 */
	public String format(BigInteger amount) {
		if (symbol == null) {
			return amount.toString();
		}
		BigDecimal d = new BigDecimal(amount).movePointLeft(decimals).stripTrailingZeros();
		return (d.scale() < 0 ? d.setScale(0) : d).toPlainString() + " " + symbol;
	}

	/** @param amount an amount in the smallest unit @return {@code 1500000000000 (1.5 DNF)} */
	public String describe(BigInteger amount) {
		return symbol == null ? amount.toString() : amount + " (" + format(amount) + ")";
	}
}
