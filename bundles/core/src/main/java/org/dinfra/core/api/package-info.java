/**
 * The agent's public contract.
 *
 * <p>Plugins implement {@link org.dinfra.core.api.Reactor} (one service per descriptor type);
 * the chain bundle (or any other source) implements {@link org.dinfra.core.api.AssignmentSource}
 * and {@link org.dinfra.core.api.StatusReporter} (and optionally {@link org.dinfra.core.api.SourceStatus});
 * {@link org.dinfra.core.api.DescriptorStore}
 * implementations fetch descriptors by {@link org.dinfra.core.api.Cid} and verify them. Core
 * exposes what it knows through {@link org.dinfra.core.api.DescriptorTypes} (with a listener for
 * the types served as reactors come and go) and
 * {@link org.dinfra.core.api.Deployments}, and what it measured through
 * {@link org.dinfra.core.api.AgentMetrics}. Nothing here knows about Substrate.
 *
 * <p>Plain-Java users (the {@code ./dinfra} CLI, the conformance kit, tools) get the agent's
 * own checks without OSGi: {@link org.dinfra.core.api.DescriptorValidator#forSchema(String)}
 * validates descriptors against a type's schema, {@link org.dinfra.core.api.Cid#of(byte[])}
 * computes a descriptor's CID and {@link org.dinfra.core.api.LocalContentStore#open(java.nio.file.Path)}
 * opens the local content store.
 */
@Export
@Version("1.2.0")
package org.dinfra.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
