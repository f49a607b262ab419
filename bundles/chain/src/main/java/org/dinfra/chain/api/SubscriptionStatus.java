package org.dinfra.chain.api;

import java.util.OptionalInt;

import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/** The state of a subscription ({@code SubscriptionStatus} of {@code parachain/pallets/subscriptions/src/types.rs}). */
public enum SubscriptionStatus {
	/** A provider is assigned and has not reported yet. */
	ASSIGNED("Assigned"),
	/** The provider reported the deployment as running. */
	DEPLOYED("Deployed"),
	/** The provider reported that it could not deploy ({@code Failed { reason }}). */
	FAILED("Failed"),
	/** The consumer cancelled. */
	CANCELLED("Cancelled"),
	/** The deposit was used up at the end block. */
	EXPIRED("Expired");

	private final String variantName;

	SubscriptionStatus(String variantName) {
		this.variantName = variantName;
	}

	/** @return the variant's name on chain, for example {@code Deployed} */
	public String variantName() {
		return variantName;
	}

	/** @return true while the subscription holds a deposit and a provider's capacity (assigned or deployed) */
	public boolean live() {
		return this == ASSIGNED || this == DEPLOYED;
	}

	/**
	 * @param status a decoded {@code SubscriptionStatus}
	 * @return it
	 * @throws ScaleException when it is not one of the known variants
	 */
	public static SubscriptionStatus of(Value status) {
		return ofName(Variants.name(status, "SubscriptionStatus"));
	}

	/**
	 * @param subscription a decoded {@code Subscription}
	 * @return its status
	 * @throws ScaleException when it has none, or not a known one
	 */
	public static SubscriptionStatus ofSubscription(Value subscription) {
		return of(Variants.field(subscription, "status"));
	}

	/**
	 * @param variantName a variant name, for example {@code Deployed}
	 * @return the status
	 * @throws ScaleException when it is not one of the known variants
	 */
	public static SubscriptionStatus ofName(String variantName) {
		for (SubscriptionStatus s : values()) {
			if (s.variantName.equals(variantName)) {
				return s;
			}
		}
		throw new ScaleException("unknown SubscriptionStatus " + variantName);
	}

	/**
	 * @param status a decoded {@code SubscriptionStatus}
	 * @return the provider's reason code when it is {@code Failed}
	 */
	public static OptionalInt failureReason(Value status) {
		if (of(status) != FAILED) {
			return OptionalInt.empty();
		}
		return OptionalInt.of((int) ((Value.VariantValue) status).get("reason").asLong());
	}

	/** @return {@link #variantName()} */
	@Override
	public String toString() {
		return variantName;
	}
}
