package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dinfra.chain.api.Event;
import org.dinfra.chain.client.Events.EventRecord;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.internal.EventMapper.Assigned;
import org.dinfra.chain.internal.EventMapper.Change;
import org.dinfra.chain.internal.EventMapper.Ended;
import org.dinfra.chain.internal.EventMapper.Unusable;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.Keys;
import org.junit.Test;

/** The events our runtime emitted on the dev chain (recorded), mapped to assignment changes. */
public class EventMapperTest {
	private static final String VALID_CID = Cid.of("{\"image\":\"nginx\"}".getBytes(StandardCharsets.UTF_8)).toString();
	private static final Function<byte[], String> SS58 = b -> {
		try {
			return Keys.standalone().ss58Encode(Ed25519PublicKey.of(b), 42);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	};

	private static EventMapper mapper(String provider) {
		return new EventMapper(Recorded.hex(provider), SS58);
	}

	/** The recorded subscribe block with its descriptor CID replaced by a valid one. */
	private static List<EventRecord> subscribeWithValidCid() {
		List<EventRecord> out = new ArrayList<>();
		for (EventRecord r : Recorded.events("subscribe")) {
			if (Event.SUBSCRIPTION_CREATED.matches(r)) {
				List<Value.Field> fields = new ArrayList<>();
				for (Value.Field f : r.event().fields()) {
					fields.add("descriptor_cid".equals(f.name())
							? new Value.Field(f.name(), Value.of(VALID_CID.getBytes(StandardCharsets.US_ASCII))) : f);
				}
				r = new EventRecord(r.extrinsicIndex(), r.phase(), r.pallet(), r.name(),
						new Value.VariantValue(r.name(), r.event().index(), fields), r.topics());
			}
			out.add(r);
		}
		return out;
	}

	@Test
	public void subscriptionCreatedForThisProviderIsAssignedWithTheConsumersAddress() {
		Map<Long, Assignment> known = new HashMap<>();
		List<Change> changes = mapper(Recorded.CHARLIE).apply(subscribeWithValidCid(), known);
		assertEquals(1, changes.size());
		Assignment a = ((Assigned) changes.get(0)).assignment();
		assertEquals(0L, a.id());
		assertEquals("docker-compose", a.type());
		assertEquals(Cid.parse(VALID_CID), a.descriptor());
		assertEquals(Recorded.DAVE_ADDRESS, a.consumer());
		assertEquals(Map.of(0L, a), known);
	}

	@Test
	public void subscriptionCreatedForAnotherProviderIsIgnored() {
		Map<Long, Assignment> known = new HashMap<>();
		assertEquals(List.of(), mapper(Recorded.BOB).apply(subscribeWithValidCid(), known));
		assertTrue(known.isEmpty());
	}

	@Test
	public void recordedDescriptorThatIsNoCidIsUnusableAndNeverKnown() {
		// the vectors subscribed with the text "bafkreidescriptor", which is not a valid CID
		Map<Long, Assignment> known = new HashMap<>();
		List<Change> changes = mapper(Recorded.CHARLIE).apply(Recorded.events("subscribe"), known);
		assertEquals(1, changes.size());
		Unusable u = (Unusable) changes.get(0);
		assertEquals(0L, u.id());
		assertEquals(ReasonCode.UNSUPPORTED_CID, u.reason().code());
		assertTrue(known.isEmpty());
	}

	@Test
	public void topUpOfAKnownSubscriptionReassignsItAsItIs() {
		Map<Long, Assignment> known = new HashMap<>();
		EventMapper m = mapper(Recorded.CHARLIE);
		Assignment a = ((Assigned) m.apply(subscribeWithValidCid(), known).get(0)).assignment();
		assertEquals(List.of(new Assigned(a)), m.apply(Recorded.events("top_up"), known));
		assertEquals(List.of(), mapper(Recorded.CHARLIE).apply(Recorded.events("top_up"), new HashMap<>()));
	}

	@Test
	public void cancelEndsAKnownSubscriptionOnceAndIgnoresUnknownOnes() {
		Map<Long, Assignment> known = new HashMap<>();
		EventMapper m = mapper(Recorded.CHARLIE);
		m.apply(subscribeWithValidCid(), known);
		assertEquals(List.of(new Ended(0, "cancelled")), m.apply(Recorded.events("cancel"), known));
		assertTrue(known.isEmpty());
		// the same block again (never happens with the checkpoint) changes nothing more
		assertEquals(List.of(), m.apply(Recorded.events("cancel"), known));
	}

	@Test
	public void deployedAndProviderEventsChangeNothing() {
		Map<Long, Assignment> known = new HashMap<>();
		EventMapper m = mapper(Recorded.CHARLIE);
		m.apply(subscribeWithValidCid(), known);
		for (String label : List.of("register_type", "register_provider", "report_deployed", "subscribe_unknown_type_fails")) {
			assertEquals(label, List.of(), m.apply(Recorded.events(label), known));
		}
		assertEquals(1, known.size());
		assertTrue(!EventMapper.runtimeUpgraded(Recorded.events("cancel")));
	}
}
