package org.dinfra.chain.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.internal.ChainTracker;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.keys.api.AccountKey;

/**
 * The agent's chain tracker outside OSGi, with the agent's default options, for code outside the
 * chain module that measures it (the chain benchmarks): the tracker stays internal, this class in
 * the chain's test-jar is its one door.
 */
public final class ChainTrackers {
	private ChainTrackers() {
	}

	/** A provider's view of the chain, as the assignment source the agent follows. */
	public interface Following extends AssignmentSource, AutoCloseable {
		@Override
		void close();
	}

	/**
	 * @param rpc            the chain's connection (not closed with the tracker)
	 * @param provider       the provider's key
	 * @param checkpointFile where the tracker keeps its checkpoint (missing: start from scratch)
	 * @param address        SS58 encoding of account ids, for log lines and reports
	 * @return the tracker, not yet watching: {@link AssignmentSource#watch} starts it
	 */
	public static Following follow(RpcClient rpc, AccountKey provider, Path checkpointFile, Function<byte[], String> address) {
		ChainTracker tracker = new ChainTracker(rpc, provider, checkpointFile, Clock.systemUTC(), address,
				ChainTracker.Options.defaults());
		return new Following() {
			@Override
			public String name() {
				return tracker.name();
			}

			@Override
			public AutoCloseable watch(AssignmentListener listener) {
				return tracker.watch(listener);
			}

			@Override
			public void close() {
				tracker.close();
			}
		};
	}
}
