/**
 * A Substrate client usable with plain constructors, inside or outside OSGi.
 *
 * <ul>
 * <li>{@link org.dinfra.chain.api.ScaleReader} / {@link org.dinfra.chain.api.ScaleWriter}: the SCALE codec,
 * defensive (every length prefix is bounded by the bytes that remain; errors are
 * {@link org.dinfra.chain.api.ScaleException}).</li>
 * <li>{@link org.dinfra.chain.api.Metadata}: runtime metadata V14 and V15 with its portable type
 * registry ({@link org.dinfra.chain.api.TypeRegistry}); {@link org.dinfra.chain.api.ValueCodec} decodes
 * and encodes any registry type as a {@link org.dinfra.chain.api.Value} tree;
 * {@link org.dinfra.chain.api.Events} decodes {@code System.Events} and dispatch errors.</li>
 * <li>{@link org.dinfra.chain.api.Hashing} and {@link org.dinfra.chain.api.StorageHasher}: storage keys
 * for every hasher.</li>
 * <li>{@link org.dinfra.chain.api.ExtrinsicBuilder}: calls and signed v4 extrinsics (ed25519
 * MultiSignature) with the signed extensions the metadata lists.</li>
 * <li>{@link org.dinfra.chain.api.RpcClient}: JSON-RPC 2.0 over WebSocket with reconnect, failover
 * and resubscription.</li>
 * </ul>
 */
@Export
@Version("1.1.0")
package org.dinfra.chain.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
