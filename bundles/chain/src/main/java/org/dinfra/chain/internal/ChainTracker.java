package org.dinfra.chain.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.Transactions;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.keys.api.AccountKey;

/**
 * Follows the DINFRA parachain for one provider: the {@link AssignmentSource} and
 * {@link StatusReporter} of the agent. A plain class; the DS component wraps it.
 *
 * <p>Assignments come from the {@link ChainFollower} (finalized blocks only: a snapshot at the
 * checkpoint, then every block's events in order); reports go through the {@link ChainReporter}
 * (extrinsics signed with the provider key, awaited in a block, never sent twice). A
 * subscription of the provider that cannot be run, seen by the follower, is reported failed by
 * the reporter in the background. {@link #close()} stops both and every thread they started.
 */
public final class ChainTracker implements AssignmentSource, StatusReporter, AutoCloseable {
	/**
	 * Tuning.
	 *
	 * @param reportTimeout how long a report waits to be seen in a block before it throws
	 * @param pollInterval  how often the status of a submitted report is read
	 * @param retryDelay    delay before a failed sync is tried again
	 * @param mortalPeriod  the lifetime of a report transaction in blocks
	 */
	public record Options(Duration reportTimeout, Duration pollInterval, Duration retryDelay, int mortalPeriod) {
		/** @return 60 s report timeout, 250 ms polls, 2 s retry, 64-block mortality */
		public static Options defaults() {
			return new Options(Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofSeconds(2), 64);
		}
	}

	private final Transactions transactions;
	private final ChainReporter reporter;
	private final ChainFollower follower;

	/**
	 * @param rpc            the node connection (not closed by the tracker)
	 * @param provider       the provider's key (signs the reports; not closed by the tracker)
	 * @param checkpointFile where the last processed finalized block is kept
	 * @param clock          time source for report deadlines
	 * @param address        formats an account id as the core shows consumers (SS58)
	 * @param options        tuning
	 */
	public ChainTracker(RpcClient rpc, AccountKey provider, Path checkpointFile, Clock clock, Function<byte[], String> address,
			Options options) {
		Objects.requireNonNull(rpc, "rpc");
		Objects.requireNonNull(provider, "provider");
		Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(address, "address");
		Objects.requireNonNull(options, "options");
		byte[] account = provider.publicKey().bytes();
		RuntimeCache runtimes = new RuntimeCache(rpc);
		this.transactions = new Transactions(rpc, provider, address.apply(account),
				new Transactions.Options(options.mortalPeriod(), options.pollInterval()));
		this.reporter = new ChainReporter(rpc, transactions, runtimes, clock, options.reportTimeout(), options.pollInterval());
		this.follower = new ChainFollower(rpc, account, checkpointFile, options.retryDelay(), new EventMapper(account, address), runtimes,
				reporter::reportUnusable);
	}

	@Override
	public String name() {
		return "chain";
	}

	@Override
	public AutoCloseable watch(AssignmentListener listener) {
		return follower.watch(listener);
	}

	@Override
	public void running(long id, List<Endpoint> endpoints) throws Exception {
		reporter.running(id, endpoints);
	}

	@Override
	public void failed(long id, Reason reason) throws Exception {
		reporter.failed(id, reason);
	}

	/** Stops the watch, if any, and the background reports. */
	@Override
	public void close() {
		follower.close();
		reporter.close();
	}

	/** @return the checkpoint file's content, for status commands */
	public Optional<Checkpoint> checkpoint() throws IOException {
		return follower.checkpoint();
	}

	/** @return the provider's transactions (one nonce sequence for everything the agent signs) */
	public Transactions transactions() {
		return transactions;
	}

	/** @return whether the watch delivered a snapshot and every finalized block since, as far as it knows */
	public boolean inSync() {
		return follower.inSync();
	}

	/** @return the last block processed by the watch (null before the first snapshot) */
	public Checkpoint processed() {
		return follower.processed();
	}

	/** @return the highest finalized block number the node announced, -1 before the first */
	public long finalizedSeen() {
		return follower.finalizedSeen();
	}
}
