package org.dinfra.cli.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.Value;
import org.dinfra.core.api.ReasonCode;
import org.junit.Test;

/** How subscriptions are decoded and printed. */
public class SubscriptionInfoTest {
	private static final Token DNF = new Token(12, "DNF");
	private static final String BOB = "5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E";
	private static final String CHARLIE = "5DbKjhNLpqX3zqZdNBc9BGb4fHU1cRBaDhJUskrvkwfraDi6";

	private static SubscriptionInfo info(long id, SubscriptionStatus status, int reason, String endpoint) {
		return new SubscriptionInfo(id, CHARLIE, BOB, "docker-compose", "bafkreiabc", new BigInteger("1000000000"),
				new BigInteger("1500000000000"), BigInteger.ZERO, 10, 1510, status, reason, endpoint);
	}

	@Test
	public void decodesTheStoredSubscription() {
		byte[] consumer = new byte[32];
		byte[] provider = new byte[32];
		provider[0] = 1;
		Value v = new Value.Composite(List.of(f("consumer", new Value.Composite(List.of(new Value.Field(null, Value.of(consumer))))),
				f("provider", new Value.Composite(List.of(new Value.Field(null, Value.of(provider))))), f("type_id", bytes("greeting")),
				f("descriptor_cid", bytes("bafkreiabc")), f("price_per_block", Value.of(1000)), f("deposit", Value.of(5000)),
				f("paid", Value.of(0)), f("refunded", Value.of(0)), f("start", Value.of(7)), f("paid_until", Value.of(7)),
				f("end", Value.of(12)), f("expires_at", Value.of(12)),
				f("status", new Value.VariantValue("Failed", 2, List.of(new Value.Field("reason", Value.of(6))))), f("endpoint", bytes(""))));
		SubscriptionInfo s = SubscriptionInfo.of(3, v, b -> HexFormat.of().formatHex(b, 0, 1));
		assertEquals(new SubscriptionInfo(3, "00", "01", "greeting", "bafkreiabc", BigInteger.valueOf(1000), BigInteger.valueOf(5000),
				BigInteger.ZERO, 7, 12, SubscriptionStatus.FAILED, 6, ""), s);
		assertEquals("Failed (reason 6: deployment failed)", s.statusText());
	}

	private static Value.Field f(String name, Value v) {
		return new Value.Field(name, v);
	}

	private static Value bytes(String s) {
		return Value.of(s.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	public void statusShowsTheEndpointOrTheReason() {
		assertEquals("Assigned", info(1, SubscriptionStatus.ASSIGNED, -1, "").statusText());
		assertEquals("Deployed {\"web:80\":\"http://10.0.0.5:8080\"}", info(1, SubscriptionStatus.DEPLOYED, -1, "{\"web:80\":\"http://10.0.0.5:8080\"}").statusText());
		assertEquals("Failed (reason 1: descriptor does not match the type's JSON Schema)", info(1, SubscriptionStatus.FAILED, 1, "").statusText());
		assertEquals("Failed (reason 99)", info(1, SubscriptionStatus.FAILED, 99, "").statusText());
	}

	@Test
	public void everyReasonCodeHasAMeaning() {
		for (ReasonCode c : ReasonCode.values()) {
			assertNotNull(c + " has a meaning for `dinfra subscriptions`", SubscriptionInfo.meaning(c.code()));
		}
	}

	@Test
	public void oneSubscriptionAsLabelledLines() {
		assertEquals("""
				subscription    4
				type            docker-compose
				provider        5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E
				status          Assigned
				price per block 1000000000 (0.001 DNF)
				deposit         1500000000000 (1.5 DNF)
				end block       1510
				cid             bafkreiabc""", info(4, SubscriptionStatus.ASSIGNED, -1, "").toText(DNF));
	}

	@Test
	public void tableAlignsColumns() {
		String table = SubscriptionInfo.table(List.of(info(4, SubscriptionStatus.ASSIGNED, -1, ""), info(12, SubscriptionStatus.DEPLOYED, -1, "{\"web:80\":\"http://h:80\"}")), DNF);
		assertEquals("""
				ID  TYPE            PROVIDER                                          STATUS                             PRICE/BLOCK  DEPOSIT  END   CID
				4   docker-compose  5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E  Assigned                           0.001 DNF    1.5 DNF  1510  bafkreiabc
				12  docker-compose  5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E  Deployed {"web:80":"http://h:80"}  0.001 DNF    1.5 DNF  1510  bafkreiabc
				""", table);
	}

	@Test
	public void jsonHasAmountsAsStrings() {
		assertEquals("[{\"id\":4,\"type\":\"docker-compose\",\"consumer\":\"" + CHARLIE + "\",\"provider\":\"" + BOB + "\",\"status\":\"Failed\","
				+ "\"failureReason\":6,\"pricePerBlock\":\"1000000000\",\"deposit\":\"1500000000000\",\"paid\":\"0\",\"start\":10,\"end\":1510,"
				+ "\"cid\":\"bafkreiabc\"}]", SubscriptionInfo.toJson(List.of(info(4, SubscriptionStatus.FAILED, 6, ""))));
		assertEquals("[]", SubscriptionInfo.toJson(List.of()));
	}
}
