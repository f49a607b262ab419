package org.dinfra.chain.api;

import java.util.List;
import java.util.Optional;

import org.dinfra.chain.client.ChainState;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.Value;

/** The storage items of the DINFRA pallets, with their keys in declaration order. */
public enum StorageItem {
	/** {@code DescriptorTypes(type_id) -> DescriptorType { owner, schema_cid, deposit, status }}. */
	DESCRIPTOR_TYPES(Pallet.PROVIDERS, "DescriptorTypes"),
	/** {@code Providers(account) -> Provider { status, offers, capacity, assigned, metadata, deposit }}. */
	PROVIDERS(Pallet.PROVIDERS, "Providers"),
	/** {@code TypeProviders(type_id) -> [account]}, in registration order. */
	TYPE_PROVIDERS(Pallet.PROVIDERS, "TypeProviders"),
	/** {@code AssignmentCursor(type_id) -> u32}. */
	ASSIGNMENT_CURSOR(Pallet.PROVIDERS, "AssignmentCursor"),
	/** {@code Strategy -> AssignmentStrategy}. */
	STRATEGY(Pallet.PROVIDERS, "Strategy"),
	/** {@code NextSubscriptionId -> u64}. */
	NEXT_SUBSCRIPTION_ID(Pallet.SUBSCRIPTIONS, "NextSubscriptionId"),
	/** {@code Subscriptions(id) -> Subscription}, live and ended. */
	SUBSCRIPTIONS(Pallet.SUBSCRIPTIONS, "Subscriptions"),
	/** {@code SubscriptionsByProvider(provider, id) -> ()}: a provider's live subscriptions. */
	SUBSCRIPTIONS_BY_PROVIDER(Pallet.SUBSCRIPTIONS, "SubscriptionsByProvider"),
	/** {@code SubscriptionsByConsumer(consumer, id) -> ()}: a consumer's live subscriptions. */
	SUBSCRIPTIONS_BY_CONSUMER(Pallet.SUBSCRIPTIONS, "SubscriptionsByConsumer"),
	/** {@code ExpiryQueue(block) -> [id]}. */
	EXPIRY_QUEUE(Pallet.SUBSCRIPTIONS, "ExpiryQueue");

	private final Pallet pallet;
	private final String itemName;

	StorageItem(Pallet pallet, String itemName) {
		this.pallet = pallet;
		this.itemName = itemName;
	}

	/** @return the pallet */
	public Pallet pallet() {
		return pallet;
	}

	/** @return the item's name in the metadata, for example {@code SubscriptionsByProvider} */
	public String itemName() {
		return itemName;
	}

	/**
	 * @param metadata the runtime's metadata
	 * @return the item's entry in it
	 * @throws ScaleException when the runtime has no such item
	 */
	public Metadata.StorageEntry entry(Metadata metadata) {
		return pallet.in(metadata).storageEntry(itemName);
	}

	/**
	 * @param metadata the runtime's metadata
	 * @param keys     all of the item's keys, or its first ones for a prefix
	 * @return the storage key
	 */
	public byte[] key(Metadata metadata, Value... keys) {
		return StorageKeys.key(metadata, pallet.runtimeName(), itemName, keys);
	}

	/**
	 * @param rpc      the node
	 * @param metadata the metadata of the runtime at {@code at}
	 * @param at       a block hash, or null for the best block
	 * @param keys     the item's keys
	 * @return the decoded value, empty when there is none
	 * @throws RpcException         if the node fails
	 * @throws InterruptedException if interrupted
	 */
	public Optional<Value> read(RpcClient rpc, Metadata metadata, String at, Value... keys) throws RpcException, InterruptedException {
		return ChainState.value(rpc, metadata, at, pallet.runtimeName(), itemName, keys);
	}

	/**
	 * @param rpc      the node
	 * @param metadata the metadata of the runtime at {@code at}
	 * @param at       a block hash, or null for the best block
	 * @param page     keys per request
	 * @param prefix   the map's first keys
	 * @return every full storage key under the prefix
	 * @throws RpcException         if the node fails
	 * @throws InterruptedException if interrupted
	 */
	public List<byte[]> keys(RpcClient rpc, Metadata metadata, String at, int page, Value... prefix)
			throws RpcException, InterruptedException {
		return ChainState.keys(rpc, metadata, at, page, pallet.runtimeName(), itemName, prefix);
	}

	/** @return {@code Pallet.Item}, for example {@code DinfraSubscriptions.Subscriptions} */
	@Override
	public String toString() {
		return pallet.runtimeName() + "." + itemName;
	}
}
