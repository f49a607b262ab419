package org.dinfra.chain.api;

import java.util.Collection;
import java.util.Optional;

import org.dinfra.chain.client.Events.EventRecord;

/** The events of the DINFRA pallets. */
public enum Event {
	/** {@code TypeRegistered { type_id, owner, schema_cid, deposit }}. */
	TYPE_REGISTERED(Pallet.PROVIDERS, "TypeRegistered"),
	/** {@code TypeRetired { type_id }}. */
	TYPE_RETIRED(Pallet.PROVIDERS, "TypeRetired"),
	/** {@code ProviderRegistered { provider, offers, capacity }}. */
	PROVIDER_REGISTERED(Pallet.PROVIDERS, "ProviderRegistered"),
	/** {@code ProviderUpdated { provider, offers, capacity }}. */
	PROVIDER_UPDATED(Pallet.PROVIDERS, "ProviderUpdated"),
	/** {@code ProviderPaused { provider }}. */
	PROVIDER_PAUSED(Pallet.PROVIDERS, "ProviderPaused"),
	/** {@code ProviderResumed { provider }}. */
	PROVIDER_RESUMED(Pallet.PROVIDERS, "ProviderResumed"),
	/** {@code ProviderUnregistered { provider }}. */
	PROVIDER_UNREGISTERED(Pallet.PROVIDERS, "ProviderUnregistered"),
	/** {@code StrategySet { strategy }}. */
	STRATEGY_SET(Pallet.PROVIDERS, "StrategySet"),
	/** {@code SubscriptionCreated { id, consumer, provider, type_id, descriptor_cid, price_per_block, deposit, end }}. */
	SUBSCRIPTION_CREATED(Pallet.SUBSCRIPTIONS, "SubscriptionCreated"),
	/** {@code Deployed { id, provider, endpoint }}. */
	DEPLOYED(Pallet.SUBSCRIPTIONS, "Deployed"),
	/** {@code DeploymentFailed { id, provider, reason, refunded }}. */
	DEPLOYMENT_FAILED(Pallet.SUBSCRIPTIONS, "DeploymentFailed"),
	/** {@code ToppedUp { id, amount, deposit, end }}. */
	TOPPED_UP(Pallet.SUBSCRIPTIONS, "ToppedUp"),
	/** {@code Cancelled { id, paid, refunded }}. */
	CANCELLED(Pallet.SUBSCRIPTIONS, "Cancelled"),
	/** {@code Expired { id, paid, refunded }}. */
	EXPIRED(Pallet.SUBSCRIPTIONS, "Expired"),
	/** {@code Settled { id, provider, amount, paid_until }}. */
	SETTLED(Pallet.SUBSCRIPTIONS, "Settled");

	private final Pallet pallet;
	private final String eventName;

	Event(Pallet pallet, String eventName) {
		this.pallet = pallet;
		this.eventName = eventName;
	}

	/** @return the pallet */
	public Pallet pallet() {
		return pallet;
	}

	/** @return the event's name in the metadata, for example {@code SubscriptionCreated} */
	public String eventName() {
		return eventName;
	}

	/**
	 * @param record a decoded event
	 * @return true when it is this event
	 */
	public boolean matches(EventRecord record) {
		return record.is(pallet.runtimeName(), eventName);
	}

	/**
	 * @param records decoded events, for example those of one transaction
	 * @return the first of them that is this event
	 */
	public Optional<EventRecord> first(Collection<EventRecord> records) {
		return records.stream().filter(this::matches).findFirst();
	}

	/**
	 * @param record a decoded event
	 * @return which DINFRA event it is; empty for the events of other pallets
	 */
	public static Optional<Event> of(EventRecord record) {
		for (Event e : values()) {
			if (e.matches(record)) {
				return Optional.of(e);
			}
		}
		return Optional.empty();
	}

	/** @return {@code Pallet.Event}, for example {@code DinfraSubscriptions.SubscriptionCreated} */
	@Override
	public String toString() {
		return pallet.runtimeName() + "." + eventName;
	}
}
