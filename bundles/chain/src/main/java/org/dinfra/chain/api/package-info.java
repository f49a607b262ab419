/**
 * DINFRA's on-chain contract in one place: the names of the pallets
 * ({@link org.dinfra.chain.api.Pallet}), their calls ({@link org.dinfra.chain.api.Call}), events
 * ({@link org.dinfra.chain.api.Event}) and storage items ({@link org.dinfra.chain.api.StorageItem}),
 * the states of subscriptions, types and providers ({@link org.dinfra.chain.api.SubscriptionStatus},
 * {@link org.dinfra.chain.api.TypeStatus}, {@link org.dinfra.chain.api.ProviderStatus}), and the
 * runtime constants read from a runtime's metadata ({@link org.dinfra.chain.api.RuntimeConstant}).
 * The pallets are {@code parachain/pallets/*}; the Substrate client that speaks to them is
 * {@code org.dinfra.chain.client}.
 */
@Export
@Version("2.0.0")
package org.dinfra.chain.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
