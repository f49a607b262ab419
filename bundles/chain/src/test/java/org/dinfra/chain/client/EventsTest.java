package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * System.Events of our runtime, captured from the dev chain, against @polkadot/api's decoding:
 * every record's phase, pallet and event name, and every field's SCALE bytes.
 */
public class EventsTest {
	private static final Metadata METADATA = Metadata.parse(Vectors.bytes("metadata-dinfra-v15.scale"));

	@Test
	public void eventsOfOurRuntimeMatchPolkadotJsFieldByField() {
		JsonNode blocks = Vectors.json("events.json");
		int events = 0;
		for (JsonNode block : blocks) {
			byte[] raw = Vectors.hex(block.get("hex").asText());
			List<Events.EventRecord> records = Events.decode(METADATA, raw);
			JsonNode expected = block.get("events");
			String label = block.get("label").asText();
			assertEquals(label, expected.size(), records.size());
			for (int i = 0; i < records.size(); i++) {
				Events.EventRecord r = records.get(i);
				JsonNode e = expected.get(i);
				assertEquals(label, e.get("phase").asText(), r.phase());
				assertEquals(label, e.get("extrinsicIndex").asInt(), r.extrinsicIndex());
				assertEquals(label, e.get("pallet").asText(), r.pallet());
				assertEquals(label, e.get("method").asText(), r.name());
				Metadata.Pallet pallet = METADATA.pallet(r.pallet());
				TypeRegistry.Variant variant = ((TypeRegistry.VariantDef) METADATA.types().get(pallet.eventType()).def()).byName(r.name());
				JsonNode fields = e.get("fields");
				assertEquals(label + " " + r.name(), fields.size(), r.event().fields().size());
				for (int f = 0; f < fields.size(); f++) {
					byte[] encoded = METADATA.codec().encode(variant.fields().get(f).type(), r.event().fields().get(f).value());
					assertEquals(label + " " + r.name() + " field " + f, fields.get(f).get("hex").asText(), Vectors.hex(encoded));
				}
				assertEquals(e.get("topics").size(), r.topics().size());
				if (!e.get("dispatchError").isNull()) {
					Events.DispatchErrorInfo info = Events.describe(METADATA, r.get("dispatch_error"));
					JsonNode de = e.get("dispatchError");
					assertEquals(de.get("kind").asText(), info.kind());
					if (info.kind().equals("Module")) {
						String section = de.get("section").asText();
						assertEquals(section, Character.toLowerCase(info.pallet().charAt(0)) + info.pallet().substring(1));
						assertEquals(de.get("name").asText(), info.error());
					}
				}
				events++;
			}
			// the whole storage value re-encodes to the same bytes
			int type = METADATA.pallet("System").storageEntry("Events").valueType();
			assertEquals(label, block.get("hex").asText(), Vectors.hex(METADATA.codec().encode(type, METADATA.codec().decode(type, raw))));
		}
		assertTrue("events checked: " + events, events > 20);
	}

	@Test
	public void subscriptionCreatedCarriesTheAssignment() {
		for (JsonNode block : Vectors.json("events.json")) {
			if (!block.get("label").asText().equals("subscribe")) {
				continue;
			}
			Events.EventRecord created = Events.decode(METADATA, Vectors.hex(block.get("hex").asText())).stream()
					.filter(r -> r.is("DinfraSubscriptions", "SubscriptionCreated")).findFirst().orElseThrow();
			assertEquals(0L, created.get("id").asLong());
			assertEquals("docker-compose", new String(created.get("type_id").asBytes()));
			assertEquals("bafkreidescriptor", new String(created.get("descriptor_cid").asBytes()));
			assertEquals(32, created.get("provider").asBytes().length);
			return;
		}
		throw new AssertionError("no subscribe block in events.json");
	}

	@Test
	public void unknownModuleErrorIndexIsNamedByNumber() {
		Value err = new Value.VariantValue("Module", 3, List.of(new Value.Field(null, new Value.Composite(List.of(
				new Value.Field("index", Value.of(51)), new Value.Field("error", Value.of(new byte[] {(byte) 200, 0, 0, 0})))))));
		Events.DispatchErrorInfo info = Events.describe(METADATA, err);
		assertEquals("DinfraSubscriptions", info.pallet());
		assertEquals("#200", info.error());
	}
}
