package org.dinfra.chain.client;

import java.util.ArrayList;
import java.util.List;

/** Decodes {@code System.Events} and dispatch errors with the metadata's types. */
public final class Events {
	private Events() {
	}

	/**
	 * One event of a block.
	 *
	 * @param extrinsicIndex the index of the extrinsic that emitted it, or -1 for
	 *                       {@code Finalization} / {@code Initialization}
	 * @param phase          the phase variant name ({@code ApplyExtrinsic}, {@code Finalization}, {@code Initialization})
	 * @param pallet         the pallet name, for example {@code DinfraSubscriptions}
	 * @param name           the event name, for example {@code SubscriptionCreated}
	 * @param event          the event variant with its fields
	 * @param topics         the topics (32-byte hashes), usually empty
	 */
	public record EventRecord(int extrinsicIndex, String phase, String pallet, String name, Value.VariantValue event,
			List<byte[]> topics) {
		/**
		 * @param field a field name
		 * @return the field's value
		 * @throws ScaleException if the event has no such field
		 */
		public Value get(String field) {
			return event.get(field);
		}

		/**
		 * @param pallet a pallet name
		 * @param name   an event name
		 * @return true when this is that event
		 */
		public boolean is(String pallet, String name) {
			return this.pallet.equals(pallet) && this.name.equals(name);
		}
	}

	/**
	 * A dispatch error as names.
	 *
	 * @param kind   the {@code DispatchError} variant, for example {@code Module} or {@code BadOrigin}
	 * @param pallet for {@code Module}: the pallet name, else null
	 * @param error  for {@code Module}: the error name; for others the inner variant name when there is one, else null
	 * @param docs   for {@code Module}: the error's documentation
	 */
	public record DispatchErrorInfo(String kind, String pallet, String error, List<String> docs) {
		@Override
		public String toString() {
			return pallet != null ? pallet + "." + error : error != null ? kind + "." + error : kind;
		}
	}

	/**
	 * @param metadata the runtime's metadata
	 * @param bytes    the storage value of {@code System.Events}
	 * @return the events in order
	 * @throws ScaleException on malformed input
	 */
	public static List<EventRecord> decode(Metadata metadata, byte[] bytes) {
		Metadata.StorageEntry entry = metadata.pallet("System").storageEntry("Events");
		Value v = metadata.codec().decode(entry.valueType(), bytes);
		if (!(v instanceof Value.Sequence seq)) {
			throw new ScaleException("System.Events is not a sequence");
		}
		List<EventRecord> out = new ArrayList<>(seq.elements().size());
		for (Value e : seq.elements()) {
			out.add(record(e));
		}
		return out;
	}

	private static EventRecord record(Value v) {
		if (!(v instanceof Value.Composite c)) {
			throw new ScaleException("an event record is not a struct");
		}
		Value phase = c.get("phase");
		Value event = c.get("event");
		Value topics = c.get("topics");
		if (!(phase instanceof Value.VariantValue pv) || !(event instanceof Value.VariantValue outer)
				|| outer.fields().size() != 1 || !(outer.fields().get(0).value() instanceof Value.VariantValue inner)) {
			throw new ScaleException("an event record does not have the shape of frame_system::EventRecord");
		}
		int index = pv.name().equals("ApplyExtrinsic") ? (int) pv.fields().get(0).value().asLong() : -1;
		List<byte[]> ts = new ArrayList<>();
		if (topics instanceof Value.Sequence s) {
			for (Value t : s.elements()) {
				ts.add(t.asBytes());
			}
		}
		return new EventRecord(index, pv.name(), outer.name(), inner.name(), inner, ts);
	}

	/**
	 * @param metadata      the runtime's metadata
	 * @param dispatchError a decoded {@code sp_runtime::DispatchError}
	 * @return the error with pallet and error names for module errors
	 */
	public static DispatchErrorInfo describe(Metadata metadata, Value dispatchError) {
		if (!(dispatchError instanceof Value.VariantValue v)) {
			throw new ScaleException("not a DispatchError: " + dispatchError);
		}
		if (v.name().equals("Module")) {
			Value me = v.fields().get(0).value();
			int palletIndex = (int) ((Value.Composite) me).get("index").asLong();
			byte[] error = ((Value.Composite) me).get("error").asBytes();
			Metadata.Pallet pallet = metadata.palletByIndex(palletIndex);
			if (pallet == null || pallet.errorType() < 0 || error.length == 0) {
				return new DispatchErrorInfo("Module", pallet == null ? "#" + palletIndex : pallet.name(), "#" + (error.length == 0 ? -1 : error[0] & 0xff), List.of());
			}
			TypeRegistry.TypeDef def = metadata.types().get(pallet.errorType()).def();
			TypeRegistry.Variant variant = def instanceof TypeRegistry.VariantDef vd ? vd.byIndex(error[0] & 0xff) : null;
			if (variant == null) {
				return new DispatchErrorInfo("Module", pallet.name(), "#" + (error[0] & 0xff), List.of());
			}
			return new DispatchErrorInfo("Module", pallet.name(), variant.name(), variant.docs());
		}
		String inner = !v.fields().isEmpty() && v.fields().get(0).value() instanceof Value.VariantValue iv ? iv.name() : null;
		return new DispatchErrorInfo(v.name(), null, inner, List.of());
	}
}
