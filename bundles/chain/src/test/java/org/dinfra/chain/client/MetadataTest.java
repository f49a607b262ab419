package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real metadata blobs (V14 Kusama and V15 Polkadot as @polkadot/types-support ships them; V14
 * and V15 of our runtime from the dev chain) against what @polkadot/types decodes from them.
 */
public class MetadataTest {
	private static final String[] HASHERS = {"Blake2_128", "Blake2_256", "Blake2_128Concat", "Twox128", "Twox256", "Twox64Concat", "Identity"};

	@Test
	public void kusamaV14MatchesPolkadotJs() {
		check("kusama-v14", 14);
	}

	@Test
	public void polkadotV15MatchesPolkadotJs() {
		check("polkadot-v15", 15);
	}

	@Test
	public void dinfraRuntimeV14MatchesPolkadotJs() {
		check("dinfra-v14", 14);
	}

	@Test
	public void dinfraRuntimeV15MatchesPolkadotJs() {
		check("dinfra-v15", 15);
	}

	@Test
	public void wrappedMetadataAsTheRuntimeApiReturnsItIsUnwrapped() {
		byte[] raw = Vectors.bytes("metadata-polkadot-v15.scale");
		byte[] wrapped = new ScaleWriter().u8(1).bytes(raw).toByteArray();
		assertEquals(Metadata.parse(raw).types().size(), Metadata.parse(wrapped).types().size());
	}

	static void check(String name, int version) {
		Metadata m = Metadata.parse(Vectors.bytes("metadata-" + name + ".scale"));
		JsonNode expected = Vectors.json("metadata-" + name + ".json");
		assertEquals(version, m.version());
		assertEquals(expected.get("version").asInt(), m.version());

		JsonNode types = expected.get("types");
		assertEquals(types.size(), m.types().size());
		for (JsonNode t : types) {
			TypeRegistry.Type type = m.types().get(t.get(0).asInt());
			assertEquals("path of " + type.id(), t.get(1).asText(), type.pathString());
			assertEquals("definition of " + type.id(), t.get(2).asText(), kind(type.def()));
			assertEquals("parameters of " + type.id(), t.get(3).asInt(), type.params().size());
		}

		JsonNode pallets = expected.get("pallets");
		assertEquals(pallets.size(), m.pallets().size());
		for (int i = 0; i < pallets.size(); i++) {
			JsonNode p = pallets.get(i);
			Metadata.Pallet pallet = m.pallets().get(i);
			assertEquals(p.get("name").asText(), pallet.name());
			assertEquals(p.get("index").asInt(), pallet.index());
			assertEquals(p.get("storagePrefix").isNull() ? null : p.get("storagePrefix").asText(), pallet.storagePrefix());
			JsonNode storage = p.get("storage");
			assertEquals(pallet.name(), storage.size(), pallet.storage().size());
			for (int j = 0; j < storage.size(); j++) {
				JsonNode s = storage.get(j);
				Metadata.StorageEntry e = pallet.storage().get(j);
				String what = pallet.name() + "." + e.name();
				assertEquals(what, s.get("name").asText(), e.name());
				assertEquals(what, s.get("optional").asBoolean(), e.optional());
				assertEquals(what, s.get("key").asInt(), e.keyType());
				assertEquals(what, s.get("value").asInt(), e.valueType());
				assertEquals(what, s.get("hashers").size(), e.hashers().size());
				for (int k = 0; k < e.hashers().size(); k++) {
					assertEquals(what, s.get("hashers").get(k).asText(), HASHERS[e.hashers().get(k).ordinal()]);
				}
			}
			variants(m, p.get("calls"), pallet.callType(), pallet.name() + " calls");
			variants(m, p.get("events"), pallet.eventType(), pallet.name() + " events");
			variants(m, p.get("errors"), pallet.errorType(), pallet.name() + " errors");
			JsonNode constants = p.get("constants");
			assertEquals(constants.size(), pallet.constants().size());
			for (int j = 0; j < constants.size(); j++) {
				Metadata.Constant c = pallet.constants().get(j);
				assertEquals(constants.get(j).get("name").asText(), c.name());
				assertEquals(constants.get(j).get("type").asInt(), c.type());
				assertEquals(constants.get(j).get("value").asText(), Vectors.hex(c.value()));
				// every constant decodes with the generic decoder and re-encodes to the same bytes
				Value v = m.codec().decode(c.type(), c.value());
				assertEquals(pallet.name() + "." + c.name(), Vectors.hex(c.value()), Vectors.hex(m.codec().encode(c.type(), v)));
			}
		}
		assertEquals(expected.get("extrinsic").get("version").asInt(), m.extrinsicVersion());
		JsonNode exts = expected.get("extrinsic").get("signedExtensions");
		assertEquals(exts.size(), m.signedExtensions().size());
		for (int i = 0; i < exts.size(); i++) {
			assertEquals(exts.get(i).asText(), m.signedExtensions().get(i).identifier());
		}
		JsonNode apis = expected.get("apis");
		assertEquals(apis.size(), m.apis().size());
		for (int i = 0; i < apis.size(); i++) {
			assertEquals(apis.get(i).get("name").asText(), m.apis().get(i).name());
			assertEquals(apis.get(i).get("methods").size(), m.apis().get(i).methods().size());
		}
		assertNotNull(m.types().get(m.callType()));
		assertTrue(m.types().get(m.eventType()).def() instanceof TypeRegistry.VariantDef);
	}

	private static void variants(Metadata m, JsonNode expected, int type, String what) {
		if (expected.isNull()) {
			assertEquals(what, -1, type);
			return;
		}
		List<TypeRegistry.Variant> vs = ((TypeRegistry.VariantDef) m.types().get(type).def()).variants();
		assertEquals(what, expected.size(), vs.size());
		for (int i = 0; i < vs.size(); i++) {
			assertEquals(what, expected.get(i).get("name").asText(), vs.get(i).name());
			assertEquals(what, expected.get(i).get("index").asInt(), vs.get(i).index());
			assertEquals(what, expected.get(i).get("fields").asInt(), vs.get(i).fields().size());
		}
	}

	private static String kind(TypeRegistry.TypeDef def) {
		String simple = def.getClass().getSimpleName();
		return simple.substring(0, simple.length() - 3);
	}
}
