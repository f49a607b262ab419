package org.dinfra.chain.api;

import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/** Whether a descriptor type can be offered ({@code TypeStatus} of {@code parachain/pallets/providers/src/types.rs}). */
public enum TypeStatus {
	/** The type can be offered and subscribed to. */
	ACTIVE("Active"),
	/** Retired: no new offers or subscriptions; existing subscriptions continue. */
	RETIRED("Retired");

	private final String variantName;

	TypeStatus(String variantName) {
		this.variantName = variantName;
	}

	/** @return the variant's name on chain */
	public String variantName() {
		return variantName;
	}

	/**
	 * @param descriptorType a decoded {@code DescriptorType}
	 * @return its status
	 * @throws ScaleException when it has none, or not a known one
	 */
	public static TypeStatus ofType(Value descriptorType) {
		String name = Variants.name(Variants.field(descriptorType, "status"), "TypeStatus");
		for (TypeStatus s : values()) {
			if (s.variantName.equals(name)) {
				return s;
			}
		}
		throw new ScaleException("unknown TypeStatus " + name);
	}

	/** @return {@link #variantName()} */
	@Override
	public String toString() {
		return variantName;
	}
}
