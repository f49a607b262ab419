package org.dinfra.cli.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.Value;
import org.dinfra.core.api.ReasonCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One subscription as {@link org.dinfra.chain.api.StorageItem#SUBSCRIPTIONS} stores it, with accounts as
 * SS58 addresses; and how the commands print it.
 *
 * @param id            the subscription id
 * @param consumer      the consumer's address
 * @param provider      the assigned provider's address
 * @param type          the descriptor type id
 * @param cid           the descriptor CID
 * @param pricePerBlock the price per block, smallest unit
 * @param deposit       the deposit, smallest unit
 * @param paid          paid to the provider so far
 * @param start         the block it was created in
 * @param end           the block its deposit lasts until
 * @param status        the status on chain
 * @param failureReason the reason code of {@code Failed}, else -1
 * @param endpoint      what the provider reported with {@code Deployed} (JSON text), else empty
 */
public record SubscriptionInfo(long id, String consumer, String provider, String type, String cid, BigInteger pricePerBlock,
		BigInteger deposit, BigInteger paid, long start, long end, SubscriptionStatus status, int failureReason, String endpoint) {
	private static final ObjectMapper JSON = new ObjectMapper();

	/** What each {@code report_failed} reason code means: every {@link ReasonCode} (parachain/README.md's table). */
	private static final Map<ReasonCode, String> REASONS = reasons();

	/**
	 * @param id      the id
	 * @param value   the decoded {@code Subscription}
	 * @param address an account's 32 bytes to its SS58 address
	 * @return the subscription
	 */
	public static SubscriptionInfo of(long id, Value value, Function<byte[], String> address) {
		Value.Composite c = (Value.Composite) value;
		Value status = c.get("status");
		int reason = SubscriptionStatus.failureReason(status).orElse(-1);
		return new SubscriptionInfo(id, address.apply(c.get("consumer").asBytes()), address.apply(c.get("provider").asBytes()),
				text(c.get("type_id")), text(c.get("descriptor_cid")), c.get("price_per_block").asBigInteger(),
				c.get("deposit").asBigInteger(), c.get("paid").asBigInteger(), c.get("start").asLong(), c.get("end").asLong(),
				SubscriptionStatus.of(status), reason, text(c.get("endpoint")));
	}

	private static Map<ReasonCode, String> reasons() {
		Map<ReasonCode, String> m = new EnumMap<>(ReasonCode.class);
		m.put(ReasonCode.SCHEMA_INVALID, "descriptor does not match the type's JSON Schema");
		m.put(ReasonCode.POLICY_VIOLATION, "policy violation");
		m.put(ReasonCode.DESCRIPTOR_UNAVAILABLE, "descriptor unavailable");
		m.put(ReasonCode.DESCRIPTOR_CID_MISMATCH, "descriptor CID mismatch");
		m.put(ReasonCode.UNKNOWN_TYPE, "unknown descriptor type");
		m.put(ReasonCode.DEPLOY_FAILED, "deployment failed");
		m.put(ReasonCode.NO_CAPACITY, "no capacity");
		m.put(ReasonCode.BAD_PARAMETERS, "the infrastructure refused the parameters derived from the descriptor");
		m.put(ReasonCode.AUTHENTICATION, "the infrastructure refused the provider's credentials");
		m.put(ReasonCode.QUOTA, "a quota of the provider's infrastructure account is exhausted");
		m.put(ReasonCode.UNSUPPORTED_CID, "CID version, codec or hash the agent cannot verify");
		m.put(ReasonCode.DESCRIPTOR_TOO_LARGE, "descriptor larger than the agent accepts");
		m.put(ReasonCode.REACTOR_UNAVAILABLE, "the reactor serving the type is not installed");
		m.put(ReasonCode.TIMEOUT, "an operation did not complete in time");
		m.put(ReasonCode.POLICY_CHECK_FAILED, "the policy check failed to run");
		m.put(ReasonCode.TEARDOWN_FAILED, "teardown failed");
		m.put(ReasonCode.INVENTORY_FAILED, "inventory listing failed");
		return Collections.unmodifiableMap(m);
	}

	/** @return what a reason code means, or {@code null} for a number that is no {@link ReasonCode} */
	static String meaning(int code) {
		try {
			return REASONS.get(ReasonCode.of(code));
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static String text(Value v) {
		return new String(v.asBytes(), StandardCharsets.UTF_8);
	}

	/** @return the status with its detail: {@code Deployed {"web:80":"http://..."}}, {@code Failed (reason 6: deployment failed)} */
	public String statusText() {
		if (status == SubscriptionStatus.FAILED) {
			String meaning = meaning(failureReason);
			return status.variantName() + " (reason " + failureReason + (meaning == null ? "" : ": " + meaning) + ")";
		}
		if (status == SubscriptionStatus.DEPLOYED && !endpoint.isEmpty()) {
			return status.variantName() + " " + endpoint;
		}
		return status.variantName();
	}

	/**
	 * @param token the chain's token
	 * @return the subscription as labelled lines, for one subscription
	 */
	public String toText(Token token) {
		return "subscription    " + id + "\n"
				+ "type            " + type + "\n"
				+ "provider        " + provider + "\n"
				+ "status          " + statusText() + "\n"
				+ "price per block " + token.describe(pricePerBlock) + "\n"
				+ "deposit         " + token.describe(deposit) + "\n"
				+ "end block       " + end + "\n"
				+ "cid             " + cid;
	}

	/**
	 * @param subscriptions the rows
	 * @param token         the chain's token
	 * @return a table with a header line, columns separated by two spaces
	 */
	public static String table(List<SubscriptionInfo> subscriptions, Token token) {
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] {"ID", "TYPE", "PROVIDER", "STATUS", "PRICE/BLOCK", "DEPOSIT", "END", "CID"});
		for (SubscriptionInfo s : subscriptions) {
			rows.add(new String[] {Long.toString(s.id), s.type, s.provider, s.statusText(), token.format(s.pricePerBlock),
					token.format(s.deposit), Long.toString(s.end), s.cid});
		}
		int[] width = new int[rows.get(0).length];
		for (String[] r : rows) {
			for (int i = 0; i < r.length; i++) {
				width[i] = Math.max(width[i], r[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		for (String[] r : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < r.length; i++) {
				line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
			}
			out.append(line.toString().stripTrailing()).append('\n');
		}
		return out.toString();
	}

	/**
	 * Amounts are strings of the integer in the smallest unit (a 128-bit balance does not fit a
	 * JSON number every parser reads exactly).
	 *
	 * @return the subscription as a JSON object
	 */
	public ObjectNode toJson() {
		ObjectNode o = JSON.createObjectNode();
		o.put("id", id);
		o.put("type", type);
		o.put("consumer", consumer);
		o.put("provider", provider);
		o.put("status", status.variantName());
		if (failureReason >= 0) {
			o.put("failureReason", failureReason);
		}
		if (!endpoint.isEmpty()) {
			o.put("endpoint", endpoint);
		}
		o.put("pricePerBlock", pricePerBlock.toString());
		o.put("deposit", deposit.toString());
		o.put("paid", paid.toString());
		o.put("start", start);
		o.put("end", end);
		o.put("cid", cid);
		return o;
	}

	/** @param subscriptions the rows @return them as one line of JSON: an array of {@link #toJson()} */
	public static String toJson(List<SubscriptionInfo> subscriptions) {
		ArrayNode a = JSON.createArrayNode();
		subscriptions.forEach(s -> a.add(s.toJson()));
		return a.toString();
	}
}
