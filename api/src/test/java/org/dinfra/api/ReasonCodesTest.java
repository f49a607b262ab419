package org.dinfra.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.core.api.ReasonCode;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reason codes have one source, core's {@link ReasonCode}: the Chain Reactor API document's
 * {@code ReasonCode} (its enum, its {@code x-enum-varnames} and the list in its description) and
 * the table in parachain/README.md name exactly its numbers, and the pallet's
 * {@code FailureReason} holds every number. A code added to {@link ReasonCode} fails these tests
 * until the document and the README list it too.
 */
public class ReasonCodesTest {
	private static final String README = "parachain/README.md";
	private static final String README_SECTION = "### `report_failed` reason codes";
	private static final Pattern README_ROW = Pattern.compile("\\| (\\d+) \\| `([A-Z0-9_]+)` \\| [^|]+ \\|");
	private static final Pattern DESCRIPTION_ITEM = Pattern.compile("- (\\d+) `([A-Z0-9_]+)`: .+");
	private static final String PALLET_TYPES = "parachain/pallets/subscriptions/src/types.rs";
	private static final Pattern FAILURE_REASON = Pattern.compile("pub type FailureReason = u(8|16|32|64);");

	@Test
	public void theDocumentsEnumAndNamesAreReasonCodes() {
		JsonNode schema = ApiDocument.schema("ReasonCode");
		JsonNode numbers = schema.path("enum");
		JsonNode names = schema.path("x-enum-varnames");
		assertEquals("ReasonCode: one x-enum-varnames entry per enum value", numbers.size(), names.size());
		SortedMap<Integer, String> listed = new TreeMap<>();
		List<String> twice = new ArrayList<>();
		for (int i = 0; i < numbers.size(); i++) {
			assertTrue("ReasonCode enum value " + numbers.get(i) + " is an integer", numbers.get(i).isInt());
			put(listed, numbers.get(i).asInt(), names.get(i).asText(), twice);
		}
		assertListsCore("api/chain-reactor-api.yaml #/components/schemas/ReasonCode (enum, x-enum-varnames)", listed, twice);
	}

	@Test
	public void theDocumentsDescriptionListsEveryReasonCode() {
		SortedMap<Integer, String> listed = new TreeMap<>();
		List<String> twice = new ArrayList<>();
		for (String line : ApiDocument.schema("ReasonCode").path("description").asText().split("\n")) {
			Matcher m = DESCRIPTION_ITEM.matcher(line.strip());
			if (m.matches()) {
				put(listed, Integer.parseInt(m.group(1)), m.group(2), twice);
			}
		}
		assertListsCore("api/chain-reactor-api.yaml #/components/schemas/ReasonCode description (- N `NAME`: meaning)",
				listed, twice);
	}

	@Test
	public void reasonAndProblemCarryTheReasonCode() {
		assertEquals("#/components/schemas/ReasonCode", ApiDocument.schema("Reason").path("properties").path("code")
				.path("$ref").asText());
		assertEquals("#/components/schemas/ReasonCode", ApiDocument.schema("Problem").path("properties").path("code")
				.path("allOf").path(0).path("$ref").asText());
	}

	@Test
	public void theParachainReadmeTableListsEveryReasonCode() {
		String readme = ApiDocument.read(README);
		int section = readme.indexOf(README_SECTION);
		assertTrue(README + " has the section " + README_SECTION, section >= 0);
		int end = readme.indexOf("\n#", section + README_SECTION.length());
		SortedMap<Integer, String> listed = new TreeMap<>();
		List<String> twice = new ArrayList<>();
		for (String line : readme.substring(section, end < 0 ? readme.length() : end).split("\n")) {
			Matcher m = README_ROW.matcher(line.strip());
			if (m.matches()) {
				put(listed, Integer.parseInt(m.group(1)), m.group(2), twice);
			}
		}
		assertListsCore(README + " (table | code | `NAME` | meaning | under " + README_SECTION + ")", listed, twice);
	}

	@Test
	public void thePalletsFailureReasonHoldsEveryCode() {
		Matcher m = FAILURE_REASON.matcher(ApiDocument.read(PALLET_TYPES));
		assertTrue(PALLET_TYPES + " declares " + FAILURE_REASON.pattern(), m.find());
		long max = (1L << Integer.parseInt(m.group(1))) - 1;
		for (ReasonCode c : ReasonCode.values()) {
			assertTrue(c + " (" + c.code() + ") fits the pallet's FailureReason u" + m.group(1),
					c.code() >= 0 && c.code() <= max);
		}
	}

	private static void put(SortedMap<Integer, String> listed, int code, String name, List<String> twice) {
		if (listed.putIfAbsent(code, name) != null) {
			twice.add(code + " " + name);
		}
	}

	/** Fails with every difference when {@code listed} is not exactly {@link ReasonCode#values()}. */
	private static void assertListsCore(String where, SortedMap<Integer, String> listed, List<String> twice) {
		SortedMap<Integer, String> core = new TreeMap<>();
		for (ReasonCode c : ReasonCode.values()) {
			core.put(c.code(), c.name());
		}
		List<String> drift = new ArrayList<>();
		twice.forEach(t -> drift.add("listed twice: " + t));
		TreeSet<Integer> all = new TreeSet<>(core.keySet());
		all.addAll(listed.keySet());
		for (int code : all) {
			String expected = core.get(code);
			String actual = listed.get(code);
			if (actual == null) {
				drift.add("missing: " + code + " " + expected);
			} else if (expected == null) {
				drift.add("not a ReasonCode: " + code + " " + actual);
			} else if (!expected.equals(actual)) {
				drift.add(code + " is " + expected + ", listed as " + actual);
			}
		}
		if (!drift.isEmpty()) {
			fail(where + " does not list org.dinfra.core.api.ReasonCode, the one source of reason codes: "
					+ String.join("; ", drift));
		}
	}
}
