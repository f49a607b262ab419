package org.dinfra.chain.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Events.EventRecord;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.internal.EventMapper.Assigned;
import org.dinfra.chain.internal.EventMapper.Change;
import org.dinfra.chain.internal.EventMapper.Ended;
import org.dinfra.chain.internal.EventMapper.Unusable;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows the finalized blocks of the chain for one provider and tells one listener what is
 * assigned to it.
 *
 * <p>On every (re)connection it reads the provider's live subscriptions ({@link SnapshotReader})
 * at its <em>base</em> block and delivers them as the authoritative snapshot. The base is the persisted checkpoint when it belongs to this chain
 * (same genesis, same hash at that number), else the finalized head. Then every finalized block
 * after the base is processed in order, fetched by number, so heads the node skipped and blocks
 * finalized during downtime are not missed; its events become {@code assigned} / {@code ended}
 * calls ({@link EventMapper}) and the checkpoint is written after each block. A lost connection
 * or a failed read calls {@link AssignmentListener#outOfSync()}; an empty snapshot is never
 * delivered for want of a node. Subscriptions that cannot be given to the core go to the
 * {@code unusable} consumer.
 */
final class ChainFollower implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(ChainFollower.class);

	private final RpcClient rpc;
	private final Path checkpointFile;
	private final Duration retryDelay;
	private final EventMapper mapper;
	private final RuntimeCache runtimes;
	private final Consumer<Unusable> unusable;
	private final SnapshotReader snapshots;
	private Watch watch; // guarded by this
	// what status pages show; written by the watch
	private volatile boolean inSync;
	private volatile long finalizedSeen = -1;
	private volatile Checkpoint processed;

	/**
	 * @param rpc            the node connection (not closed here)
	 * @param provider       the provider's account id
	 * @param checkpointFile where the last processed finalized block is kept
	 * @param retryDelay     delay before a failed sync is tried again
	 * @param mapper         turns a block's events into changes
	 * @param runtimes       the runtime last seen
	 * @param unusable       told of every sighting of a subscription of the provider that cannot be run
	 */
	ChainFollower(RpcClient rpc, byte[] provider, Path checkpointFile, Duration retryDelay, EventMapper mapper, RuntimeCache runtimes,
			Consumer<Unusable> unusable) {
		this.rpc = Objects.requireNonNull(rpc, "rpc");
		this.checkpointFile = Objects.requireNonNull(checkpointFile, "checkpointFile");
		this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
		this.mapper = Objects.requireNonNull(mapper, "mapper");
		this.runtimes = Objects.requireNonNull(runtimes, "runtimes");
		this.unusable = Objects.requireNonNull(unusable, "unusable");
		this.snapshots = new SnapshotReader(rpc, provider, mapper, unusable);
	}

	/**
	 * @param listener told the snapshot and every change after it
	 * @return stops this watch
	 * @throws IllegalStateException when a watch is open already
	 */
	synchronized AutoCloseable watch(AssignmentListener listener) {
		if (watch != null) {
			throw new IllegalStateException("the chain tracker already has a listener");
		}
		Watch w = new Watch(Objects.requireNonNull(listener, "listener"));
		watch = w;
		w.start();
		return () -> {
			synchronized (this) {
				if (watch == w) {
					watch = null;
				}
			}
			w.close();
		};
	}

	/** Stops the watch, if any. */
	@Override
	public void close() {
		Watch w;
		synchronized (this) {
			w = watch;
			watch = null;
		}
		if (w != null) {
			w.close();
		}
	}

	/** @return the checkpoint file's content, for status commands */
	Optional<Checkpoint> checkpoint() throws IOException {
		return Checkpoint.read(checkpointFile);
	}

	/** @return whether the watch delivered a snapshot and every finalized block since, as far as it knows */
	boolean inSync() {
		return inSync;
	}

	/** @return the last block processed by the watch (null before the first snapshot) */
	Checkpoint processed() {
		return processed;
	}

	/** @return the highest finalized block number the node announced, -1 before the first */
	long finalizedSeen() {
		return finalizedSeen;
	}

	/** One listener's view of the chain; all its state is touched on its one thread only. */
	private final class Watch implements RpcClient.ConnectionListener, AutoCloseable {
		private final AssignmentListener listener;
		private final ScheduledExecutorService thread;
		private volatile boolean open = true;
		private RpcClient.Subscription heads;
		// tracker-thread state
		private boolean synced;
		private boolean retryScheduled;
		private Checkpoint checkpoint;
		private Metadata metadata; // at the checkpoint block (null: load before the next block)
		private final Map<Long, Assignment> known = new HashMap<>();

		Watch(AssignmentListener listener) {
			this.listener = listener;
			this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "dinfra-chain-tracker");
				t.setDaemon(true);
				return t;
			});
		}

		void start() {
			rpc.addConnectionListener(this);
			heads = rpc.subscribe("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads", List.of(),
					header -> {
						finalizedSeen = Long.decode(header.path("number").asText("0x0"));
						run(() -> finalized(header));
					});
			if (rpc.endpoint() != null) {
				run(this::sync);
			}
		}

		private void run(Runnable task) {
			if (!open) {
				return;
			}
			try {
				thread.execute(() -> {
					if (open) {
						task.run();
					}
				});
			} catch (RejectedExecutionException e) {
				// closing
			}
		}

		@Override
		public void connected(java.net.URI endpoint) {
			run(() -> {
				if (!synced) {
					sync();
				}
			});
		}

		@Override
		public void disconnected(String reason) {
			run(() -> lost("node connection lost: " + reason));
		}

		private void lost(String why) {
			if (synced) {
				LOG.warn("Chain view lost ({}); the agent keeps what runs until the chain is back", why);
			}
			synced = false;
			inSync = false;
			listener.outOfSync();
		}

		private void finalized(JsonNode header) {
			long number = Long.decode(header.path("number").asText("0x0"));
			if (!synced) {
				if (!retryScheduled) {
					sync();
				}
				return;
			}
			try {
				catchUp(number);
			} catch (RpcException | IOException | RuntimeException e) {
				failed(e);
			}
		}

		private void failed(Exception e) {
			if (!open) {
				return;
			}
			LOG.warn("Following the chain failed: {}; trying again", e.toString());
			lost(e.getMessage());
			if (!retryScheduled) {
				retryScheduled = true;
				try {
					thread.schedule(() -> {
						retryScheduled = false;
						if (open && !synced && rpc.endpoint() != null) {
							sync();
						}
					}, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
				} catch (RejectedExecutionException x) {
					// closing
				}
			}
		}

		/** Snapshot at the base block, then every finalized block after it. */
		private void sync() {
			try {
				ChainRuntime rt = runtimes.load();
				String genesis = Hex.encode(rt.genesisHash());
				String finalizedHash = request("chain_getFinalizedHead").asText();
				long finalizedNumber = blockNumber(finalizedHash);
				Checkpoint base = checkpoint != null ? checkpoint : Checkpoint.read(checkpointFile).orElse(null);
				if (base != null && !base.genesisHash().equals(genesis)) {
					LOG.warn("The chain checkpoint (block {}) belongs to another chain (genesis {}); starting from the finalized head",
							base.number(), base.genesisHash());
					base = null;
				}
				if (base != null && base.number() > finalizedNumber) {
					LOG.warn("The node has finalized block {} only, the checkpoint is at {}; waiting for it to catch up",
							finalizedNumber, base.number());
					lost("node behind the checkpoint");
					return;
				}
				if (base != null) {
					JsonNode h = request("chain_getBlockHash", base.number());
					if (!base.blockHash().equals(h.asText(null))) {
						LOG.warn("Block {} of the checkpoint has another hash on this node ({}); starting from the finalized head",
								base.number(), h.asText(null));
						base = null;
					}
				}
				Map<Long, Assignment> assignments;
				Metadata atBase;
				if (base != null) {
					try {
						atBase = metadataAt(base.blockHash());
						assignments = snapshots.read(atBase, base.blockHash());
					} catch (RpcException e) {
						if (e.code() == RpcException.NOT_CONNECTED) {
							throw e;
						}
						LOG.warn("The state of checkpoint block {} is not available ({}); starting from the finalized head",
								base.number(), e.getMessage());
						base = null;
						atBase = null;
						assignments = null;
					}
				} else {
					atBase = null;
					assignments = null;
				}
				if (base == null) {
					base = new Checkpoint(finalizedNumber, finalizedHash, genesis);
					atBase = metadataAt(finalizedHash);
					assignments = snapshots.read(atBase, finalizedHash);
				}
				known.clear();
				known.putAll(assignments);
				metadata = atBase;
				checkpoint = base;
				listener.snapshot(List.copyOf(assignments.values()));
				checkpoint.write(checkpointFile);
				processed = checkpoint;
				synced = true;
				inSync = true;
				LOG.info("Chain snapshot at block {}: {} subscriptions assigned to this provider", base.number(), assignments.size());
				catchUp(finalizedNumber);
			} catch (RpcException | IOException | RuntimeException e) {
				failed(e);
			}
		}

		/** Processes every finalized block after the checkpoint up to {@code target}, in order. */
		private void catchUp(long target) throws RpcException, IOException {
			while (open && synced && checkpoint.number() < target) {
				long n = checkpoint.number() + 1;
				JsonNode h = request("chain_getBlockHash", n);
				if (h == null || h.isNull()) {
					return; // not on this node yet
				}
				String hash = h.asText();
				if (metadata == null) {
					metadata = metadataAt(hash);
				}
				List<EventRecord> events = eventsAt(metadata, hash);
				for (Change c : mapper.apply(events, known)) {
					deliver(c);
				}
				if (EventMapper.runtimeUpgraded(events)) {
					LOG.info("Runtime upgraded in block {}; reloading the metadata", n);
					metadata = null;
				}
				checkpoint = new Checkpoint(n, hash, checkpoint.genesisHash());
				checkpoint.write(checkpointFile);
				processed = checkpoint;
			}
		}

		private void deliver(Change c) {
			if (c instanceof Assigned a) {
				listener.assigned(a.assignment());
			} else if (c instanceof Ended e) {
				listener.ended(e.id(), e.cause());
			} else if (c instanceof Unusable u) {
				unusable.accept(u);
			}
		}

		private List<EventRecord> eventsAt(Metadata m, String hash) throws RpcException {
			JsonNode v = request("state_getStorage", Hex.encode(StorageKeys.key(m, "System", "Events")), hash);
			return v == null || v.isNull() ? List.of() : Events.decode(m, Hex.decode(v.asText()));
		}

		private long blockNumber(String hash) throws RpcException {
			return Long.decode(request("chain_getHeader", hash).path("number").asText());
		}

		private Metadata metadataAt(String hash) throws RpcException {
			ChainRuntime rt = runtimes.cached();
			JsonNode v = request("state_getRuntimeVersion", hash);
			if (rt != null && rt.specVersion() == v.path("specVersion").asLong()) {
				return rt.metadata();
			}
			return Metadata.fromHex(request("state_getMetadata", hash).asText());
		}

		private JsonNode request(String method, Object... params) throws RpcException {
			return Requests.request(rpc, method, params);
		}

		@Override
		public void close() {
			open = false;
			inSync = false;
			RpcClient.Subscription h = heads;
			if (h != null) {
				h.close();
			}
			thread.shutdownNow();
			try {
				if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
					LOG.warn("The chain tracker thread did not stop within 10 s");
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
