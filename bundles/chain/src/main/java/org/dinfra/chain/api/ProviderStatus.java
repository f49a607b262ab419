package org.dinfra.chain.api;

import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/** Whether a provider receives new assignments ({@code ProviderStatus} of {@code parachain/pallets/providers/src/types.rs}). */
public enum ProviderStatus {
	/** The provider receives new assignments. */
	ACTIVE("Active"),
	/** Draining: no new assignments; existing ones continue. */
	PAUSED("Paused");

	private final String variantName;

	ProviderStatus(String variantName) {
		this.variantName = variantName;
	}

	/** @return the variant's name on chain */
	public String variantName() {
		return variantName;
	}

	/**
	 * @param provider a decoded {@code Provider}
	 * @return its status
	 * @throws ScaleException when it has none, or not a known one
	 */
	public static ProviderStatus ofProvider(Value provider) {
		String name = Variants.name(Variants.field(provider, "status"), "ProviderStatus");
		for (ProviderStatus s : values()) {
			if (s.variantName.equals(name)) {
				return s;
			}
		}
		throw new ScaleException("unknown ProviderStatus " + name);
	}

	/** @return {@link #variantName()} */
	@Override
	public String toString() {
		return variantName;
	}
}
