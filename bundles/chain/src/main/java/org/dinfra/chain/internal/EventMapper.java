package org.dinfra.chain.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dinfra.chain.api.Event;
import org.dinfra.chain.api.Pallet;
import org.dinfra.chain.client.Events.EventRecord;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;

/**
 * Turns the events of one finalized block into assignment changes for one provider.
 *
 * <ul>
 * <li>{@code SubscriptionCreated} naming this provider: {@link Assigned} (and the id becomes known);</li>
 * <li>{@code ToppedUp} of a known id: {@link Assigned} with the assignment as it is (its end moved);</li>
 * <li>{@code Cancelled}, {@code Expired}, {@code DeploymentFailed} of a known id: {@link Ended}
 * ({@code cancelled}, {@code expired}, {@code failed}) and the id is forgotten.</li>
 * </ul>
 * Ids not known are other providers' subscriptions and are ignored: the known set is the
 * provider's index read at the snapshot block plus every creation since, so it is exact.
 * A subscription of this provider whose type id or CID cannot be represented becomes
 * {@link Unusable}: it is never handed to the core, and the tracker reports it failed.
 */
final class EventMapper {
	/** A change for the core. */
	sealed interface Change {
		/** @return the subscription id */
		long id();
	}

	/** @param assignment the assignment as it is now */
	record Assigned(Assignment assignment) implements Change {
		@Override
		public long id() {
			return assignment.id();
		}
	}

	/** @param id the subscription id @param cause why it ended */
	record Ended(long id, String cause) implements Change {
	}

	/** @param id a subscription of this provider that cannot be run @param reason why */
	record Unusable(long id, Reason reason) implements Change {
	}

	private final byte[] provider;
	private final Function<byte[], String> address;

	/**
	 * @param provider the provider's account id (32 bytes)
	 * @param address  formats a consumer's account id (SS58)
	 */
	EventMapper(byte[] provider, Function<byte[], String> address) {
		this.provider = provider.clone();
		this.address = address;
	}

	/**
	 * @param records the block's events in order
	 * @param known   the provider's live assignments by id; updated
	 * @return the changes in event order
	 */
	List<Change> apply(List<EventRecord> records, Map<Long, Assignment> known) {
		List<Change> out = new ArrayList<>();
		for (EventRecord r : records) {
			Event event = Event.of(r).orElse(null);
			if (event == null || event.pallet() != Pallet.SUBSCRIPTIONS) {
				continue;
			}
			switch (event) {
				case SUBSCRIPTION_CREATED -> {
					if (Arrays.equals(provider, r.get("provider").asBytes())) {
						Change c = assignment(r.get("id").asLong(), r.get("type_id"), r.get("descriptor_cid"), r.get("consumer"));
						if (c instanceof Assigned a) {
							known.put(a.id(), a.assignment());
						}
						out.add(c);
					}
				}
				case TOPPED_UP -> {
					Assignment a = known.get(r.get("id").asLong());
					if (a != null) {
						out.add(new Assigned(a));
					}
				}
				case CANCELLED -> ended(r, "cancelled", known, out);
				case EXPIRED -> ended(r, "expired", known, out);
				case DEPLOYMENT_FAILED -> ended(r, "failed", known, out);
				default -> {
					// Deployed, Settled: nothing changes for the core
				}
			}
		}
		return out;
	}

	private static void ended(EventRecord r, String cause, Map<Long, Assignment> known, List<Change> out) {
		long id = r.get("id").asLong();
		if (known.remove(id) != null) {
			out.add(new Ended(id, cause));
		}
	}

	/**
	 * @param records a block's events
	 * @return true when the runtime was replaced in that block (later blocks need new metadata)
	 */
	static boolean runtimeUpgraded(List<EventRecord> records) {
		return records.stream().anyMatch(r -> r.is("System", "CodeUpdated"));
	}

	/**
	 * @param id       the subscription id
	 * @param typeId   the type id bytes
	 * @param cid      the descriptor CID bytes (its text form)
	 * @param consumer the consumer's account id
	 * @return {@link Assigned}, or {@link Unusable} when the type id or CID is not usable
	 */
	Change assignment(long id, Value typeId, Value cid, Value consumer) {
		String type;
		try {
			type = utf8(typeId.asBytes());
		} catch (CharacterCodingException | ScaleException e) {
			return new Unusable(id, Reason.of(ReasonCode.UNKNOWN_TYPE, "the type id is not UTF-8 text"));
		}
		if (type.isBlank()) {
			return new Unusable(id, Reason.of(ReasonCode.UNKNOWN_TYPE, "empty type id"));
		}
		Cid descriptor;
		try {
			descriptor = Cid.parse(utf8(cid.asBytes()));
		} catch (CharacterCodingException | IllegalArgumentException | ScaleException e) {
			return new Unusable(id, Reason.of(ReasonCode.UNSUPPORTED_CID, "the descriptor CID is not usable: " + e.getMessage()));
		}
		return new Assigned(new Assignment(id, type, descriptor, address.apply(consumer.asBytes())));
	}

	private static String utf8(byte[] b) throws CharacterCodingException {
		return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
	}
}
