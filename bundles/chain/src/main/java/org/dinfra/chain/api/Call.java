package org.dinfra.chain.api;

import org.dinfra.chain.client.ExtrinsicBuilder;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/**
 * The calls of the DINFRA pallets. Arguments are given in the order the pallet declares them
 * (see each pallet's {@code lib.rs}).
 */
public enum Call {
	/** {@code register_type(type_id, schema_cid)}. */
	REGISTER_TYPE(Pallet.PROVIDERS, "register_type"),
	/** {@code retire_type(type_id)}, by the admin origin. */
	RETIRE_TYPE(Pallet.PROVIDERS, "retire_type"),
	/** {@code register_provider(offers, capacity, metadata)}. */
	REGISTER_PROVIDER(Pallet.PROVIDERS, "register_provider"),
	/** {@code update_provider(offers, capacity, metadata)}. */
	UPDATE_PROVIDER(Pallet.PROVIDERS, "update_provider"),
	/** {@code pause_provider()}. */
	PAUSE_PROVIDER(Pallet.PROVIDERS, "pause_provider"),
	/** {@code resume_provider()}. */
	RESUME_PROVIDER(Pallet.PROVIDERS, "resume_provider"),
	/** {@code unregister_provider()}. */
	UNREGISTER_PROVIDER(Pallet.PROVIDERS, "unregister_provider"),
	/** {@code set_strategy(strategy)}, by the admin origin. */
	SET_STRATEGY(Pallet.PROVIDERS, "set_strategy"),
	/** {@code subscribe(type_id, descriptor_cid, max_price_per_block, deposit)}. */
	SUBSCRIBE(Pallet.SUBSCRIPTIONS, "subscribe"),
	/** {@code top_up(id, amount)}. */
	TOP_UP(Pallet.SUBSCRIPTIONS, "top_up"),
	/** {@code cancel(id)}. */
	CANCEL(Pallet.SUBSCRIPTIONS, "cancel"),
	/** {@code report_deployed(id, endpoint)}: endpoint at most {@link RuntimeConstant#MAX_ENDPOINT_LEN} bytes. */
	REPORT_DEPLOYED(Pallet.SUBSCRIPTIONS, "report_deployed"),
	/** {@code report_failed(id, reason)}: a {@code u16} reason code. */
	REPORT_FAILED(Pallet.SUBSCRIPTIONS, "report_failed"),
	/** {@code claim(id)}. */
	CLAIM(Pallet.SUBSCRIPTIONS, "claim");

	private final Pallet pallet;
	private final String callName;

	Call(Pallet pallet, String callName) {
		this.pallet = pallet;
		this.callName = callName;
	}

	/** @return the pallet */
	public Pallet pallet() {
		return pallet;
	}

	/** @return the call's name in the metadata, for example {@code report_deployed} */
	public String callName() {
		return callName;
	}

	/**
	 * @param metadata the runtime's metadata
	 * @param args     the arguments in declaration order
	 * @return the encoded call
	 * @throws ScaleException when the runtime has no such call or an argument does not fit its type
	 */
	public byte[] encode(Metadata metadata, Value... args) {
		return new ExtrinsicBuilder(metadata).call(pallet.runtimeName(), callName, args);
	}

	/** @return {@code Pallet.call}, for example {@code DinfraSubscriptions.report_deployed} */
	@Override
	public String toString() {
		return pallet.runtimeName() + "." + callName;
	}
}
