package org.dinfra.chain.api;

import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.ScaleException;

/** The DINFRA pallets, by the names the runtime gives them ({@code parachain/runtime/src/lib.rs}). */
public enum Pallet {
	/** Descriptor types and providers ({@code parachain/pallets/providers}). */
	PROVIDERS("DinfraProviders"),
	/** Subscriptions, reports and billing ({@code parachain/pallets/subscriptions}). */
	SUBSCRIPTIONS("DinfraSubscriptions");

	private final String runtimeName;

	Pallet(String runtimeName) {
		this.runtimeName = runtimeName;
	}

	/** @return the pallet's name in the runtime metadata, for example {@code DinfraSubscriptions} */
	public String runtimeName() {
		return runtimeName;
	}

	/**
	 * @param metadata a runtime's metadata
	 * @return this pallet in it
	 * @throws ScaleException when the runtime has no such pallet (it is not a DINFRA runtime)
	 */
	public Metadata.Pallet in(Metadata metadata) {
		return metadata.pallet(runtimeName);
	}

	/** @return {@link #runtimeName()} */
	@Override
	public String toString() {
		return runtimeName;
	}
}
