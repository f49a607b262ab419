package org.dinfra.cli.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;

import org.dinfra.cli.CliException;
import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Amounts: integers in the smallest unit, or decimals with the symbol system_properties declares. */
public class TokenTest {
	/** What the dev chain's system_properties returns. */
	private static final Token DNF = new Token(12, "DNF");

	private static BigInteger big(String s) {
		return new BigInteger(s);
	}

	@Test
	public void readsTheDevChainsSystemProperties() throws Exception {
		ObjectMapper json = new ObjectMapper();
		assertEquals(DNF, Token.of(json.readTree("{\"ss58Format\":42,\"tokenDecimals\":12,\"tokenSymbol\":\"DNF\"}")));
		assertEquals(new Token(10, "DOT"), Token.of(json.readTree("{\"tokenDecimals\":[10,12],\"tokenSymbol\":[\"DOT\",\"X\"]}")));
		assertEquals(new Token(0, null), Token.of(json.readTree("{}")));
	}

	@Test
	public void parsesIntegersAndDecimalsWithTheSymbol() {
		assertEquals(big("1500000000000"), DNF.parse("1500000000000", "deposit"));
		assertEquals(big("1500000000000"), DNF.parse("1.5DNF", "deposit"));
		assertEquals(big("1500000000000"), DNF.parse("1.5 dnf", "deposit"));
		assertEquals(big("2000000000000"), DNF.parse("2DNF", "deposit"));
		assertEquals(big("1"), DNF.parse("0.000000000001DNF", "deposit"));
		assertEquals(big("1000000"), DNF.parse("1_000_000", "deposit"));
		assertEquals(BigInteger.ZERO, DNF.parse("0", "deposit"));
		assertEquals(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), DNF.parse(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString(), "x"));
	}

	@Test
	public void refusesWhatIsNotAnAmountOfThisToken() {
		assertBad(DNF, "2.5", "bad deposit '2.5': a decimal needs the token symbol, for example 2.5DNF");
		assertBad(DNF, "2.5UNIT", "bad deposit '2.5UNIT': unknown unit UNIT (this chain's token is DNF)");
		assertBad(DNF, "0.0000000000001DNF", "bad deposit '0.0000000000001DNF': DNF has 12 decimals, no more");
		assertBad(DNF, "-1", "bad deposit '-1': give an integer in the chain's smallest unit or a decimal with the token symbol, for example 2.5DNF");
		assertBad(DNF, "", "bad deposit '': give an integer in the chain's smallest unit or a decimal with the token symbol, for example 2.5DNF");
		assertBad(DNF, "1e6", "bad deposit '1e6': unknown unit e6 (this chain's token is DNF)");
		assertBad(DNF, BigInteger.ONE.shiftLeft(128).toString(), "bad deposit '" + BigInteger.ONE.shiftLeft(128) + "': larger than a 128-bit balance");
		assertBad(new Token(0, null), "1.5DNF", "bad deposit '1.5DNF': the node declares no token symbol; give an integer in the smallest unit");
	}

	private static void assertBad(Token token, String text, String message) {
		CliException e = assertThrows(CliException.class, () -> token.parse(text, "deposit"));
		assertEquals(message, e.getMessage());
		assertEquals(1, e.exitCode());
	}

	@Test
	public void formatsWithoutTrailingZeros() {
		assertEquals("1.5 DNF", DNF.format(big("1500000000000")));
		assertEquals("1000 DNF", DNF.format(big("1000000000000000")));
		assertEquals("0.001 DNF", DNF.format(big("1000000000")));
		assertEquals("0 DNF", DNF.format(BigInteger.ZERO));
		assertEquals("0.000000000001 DNF", DNF.format(BigInteger.ONE));
		assertEquals("1000000000 (0.001 DNF)", DNF.describe(big("1000000000")));
		assertEquals("42", new Token(0, null).describe(big("42")));
		for (String s : new String[] {"1", "1500000000000", "123456789012345678901234567890"}) {
			String shown = DNF.format(big(s));
			assertTrue(shown, shown.endsWith(" DNF"));
			assertEquals("format and parse agree", big(s), DNF.parse(shown, "x"));
		}
	}
}
