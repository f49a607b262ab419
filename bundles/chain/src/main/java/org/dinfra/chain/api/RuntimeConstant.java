package org.dinfra.chain.api;

import java.math.BigInteger;

import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/**
 * The constants the DINFRA pallets declare ({@code #[pallet::constant]}), read from the metadata
 * of the runtime a node runs: a runtime upgrade may change them, so they are never copied.
 */
public enum RuntimeConstant {
	/** The deposit held for a registered descriptor type (balance). */
	TYPE_DEPOSIT(Pallet.PROVIDERS, "TypeDeposit"),
	/** The deposit held for a registered provider (balance). */
	PROVIDER_DEPOSIT(Pallet.PROVIDERS, "ProviderDeposit"),
	/** The longest type id, in bytes. */
	MAX_TYPE_ID_LEN(Pallet.PROVIDERS, "MaxTypeIdLen"),
	/** The longest schema CID of a descriptor type, in bytes. */
	MAX_SCHEMA_CID_LEN(Pallet.PROVIDERS, "MaxCidLen"),
	/** The most types one provider offers. */
	MAX_TYPES_PER_PROVIDER(Pallet.PROVIDERS, "MaxTypesPerProvider"),
	/** The most providers offering one type. */
	MAX_PROVIDERS_PER_TYPE(Pallet.PROVIDERS, "MaxProvidersPerType"),
	/** The longest provider name, in bytes. */
	MAX_NAME_LEN(Pallet.PROVIDERS, "MaxNameLen"),
	/** The longest provider region, in bytes. */
	MAX_REGION_LEN(Pallet.PROVIDERS, "MaxRegionLen"),
	/** The longest provider contact, in bytes. */
	MAX_CONTACT_LEN(Pallet.PROVIDERS, "MaxContactLen"),
	/** The longest descriptor CID of a subscription, in bytes. */
	MAX_DESCRIPTOR_CID_LEN(Pallet.SUBSCRIPTIONS, "MaxCidLen"),
	/** The longest endpoint information of {@code report_deployed}, in bytes. */
	MAX_ENDPOINT_LEN(Pallet.SUBSCRIPTIONS, "MaxEndpointLen"),
	/** The most subscriptions expiring in one block. */
	MAX_EXPIRIES_PER_BLOCK(Pallet.SUBSCRIPTIONS, "MaxExpiriesPerBlock");

	private final Pallet pallet;
	private final String constantName;

	RuntimeConstant(Pallet pallet, String constantName) {
		this.pallet = pallet;
		this.constantName = constantName;
	}

	/** @return the pallet */
	public Pallet pallet() {
		return pallet;
	}

	/** @return the constant's name in the metadata, for example {@code MaxEndpointLen} */
	public String constantName() {
		return constantName;
	}

	/**
	 * @param metadata the runtime's metadata
	 * @return the constant as the runtime has it
	 * @throws ScaleException when the runtime has no such constant or it is not an integer
	 */
	public BigInteger value(Metadata metadata) {
		for (Metadata.Constant c : pallet.in(metadata).constants()) {
			if (c.name().equals(constantName)) {
				Value v = metadata.codec().decode(c.type(), c.value());
				return v.asBigInteger();
			}
		}
		throw new ScaleException("pallet " + pallet + " has no constant " + constantName);
	}

	/**
	 * @param metadata the runtime's metadata
	 * @return the constant, for the lengths and counts (u32)
	 * @throws ScaleException when the runtime has no such constant or it does not fit an int
	 */
	public int intValue(Metadata metadata) {
		BigInteger v = value(metadata);
		if (v.bitLength() > 31) {
			throw new ScaleException(this + " = " + v + " does not fit an int");
		}
		return v.intValue();
	}

	/** @return {@code Pallet.Constant}, for example {@code DinfraSubscriptions.MaxEndpointLen} */
	@Override
	public String toString() {
		return pallet.runtimeName() + "." + constantName;
	}
}
