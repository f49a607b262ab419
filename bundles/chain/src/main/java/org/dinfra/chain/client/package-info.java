/**
 * A generic Substrate client usable with plain constructors, inside or outside OSGi. Nothing
 * here knows DINFRA's pallets: their names and types are in {@code org.dinfra.chain.api}.
 *
 * <ul>
 * <li>{@link org.dinfra.chain.client.ScaleReader} / {@link org.dinfra.chain.client.ScaleWriter}: the SCALE codec,
 * defensive (every length prefix is bounded by the bytes that remain; errors are
 * {@link org.dinfra.chain.client.ScaleException}).</li>
 * <li>{@link org.dinfra.chain.client.Metadata}: runtime metadata V14 and V15 with its portable type
 * registry ({@link org.dinfra.chain.client.TypeRegistry}); {@link org.dinfra.chain.client.ValueCodec} decodes
 * and encodes any registry type as a {@link org.dinfra.chain.client.Value} tree;
 * {@link org.dinfra.chain.client.Events} decodes {@code System.Events} and dispatch errors.</li>
 * <li>{@link org.dinfra.chain.client.Hashing}, {@link org.dinfra.chain.client.StorageHasher} and
 * {@link org.dinfra.chain.client.StorageKeys}: storage keys for every hasher.</li>
 * <li>{@link org.dinfra.chain.client.ExtrinsicBuilder}: calls and signed v4 extrinsics (ed25519
 * MultiSignature) with the signed extensions the metadata lists.</li>
 * <li>{@link org.dinfra.chain.client.RpcClient}: JSON-RPC 2.0 over WebSocket with reconnect, failover
 * and resubscription; {@link org.dinfra.chain.client.ChainState} reads storage through it,
 * {@link org.dinfra.chain.client.ChainRuntime} is the runtime a node runs and
 * {@link org.dinfra.chain.client.Transactions} one account's signed transactions.</li>
 * </ul>
 */
@Export
@Version("1.0.0")
package org.dinfra.chain.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
