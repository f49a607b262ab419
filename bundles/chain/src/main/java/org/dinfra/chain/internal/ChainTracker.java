package org.dinfra.chain.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.dinfra.chain.api.ChainRuntime;
import org.dinfra.chain.api.ChainState;
import org.dinfra.chain.api.Events;
import org.dinfra.chain.api.Events.EventRecord;
import org.dinfra.chain.api.ExtrinsicBuilder;
import org.dinfra.chain.api.Hex;
import org.dinfra.chain.api.Metadata;
import org.dinfra.chain.api.RpcClient;
import org.dinfra.chain.api.RpcException;
import org.dinfra.chain.api.StorageKeys;
import org.dinfra.chain.api.Transactions;
import org.dinfra.chain.api.Value;
import org.dinfra.chain.internal.EventMapper.Assigned;
import org.dinfra.chain.internal.EventMapper.Change;
import org.dinfra.chain.internal.EventMapper.Ended;
import org.dinfra.chain.internal.EventMapper.Unusable;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.keys.api.AccountKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Follows the DINFRA parachain for one provider: the {@link AssignmentSource} and
 * {@link StatusReporter} of the agent. A plain class; the DS component wraps it.
 *
 * <p><b>Assignments.</b> Only finalized blocks count. On every (re)connection the tracker reads
 * the provider's live subscriptions (one prefix iteration of
 * {@code DinfraSubscriptions.SubscriptionsByProvider}) at its <em>base</em> block and delivers
 * them as the authoritative snapshot. The base is the persisted checkpoint when it belongs to this
 * chain (same genesis, same hash at that number), else the finalized head. Then every finalized
 * block after the base is processed in order, fetched by number, so heads the node skipped and
 * blocks finalized during downtime are not missed; its events become {@code assigned} /
 * {@code ended} calls ({@link EventMapper}) and the checkpoint is written after each block. A
 * lost connection or a failed read calls {@link AssignmentListener#outOfSync()}; an empty snapshot
 * is never delivered for want of a node.
 *
 * <p><b>Reports.</b> {@code report_deployed} / {@code report_failed} extrinsics signed with the
 * provider key. The subscription's on-chain status is read first: a report the chain already
 * shows (or that no longer applies: cancelled, expired) is not sent again. A submitted report is
 * awaited until the status changes in the best block; one still in flight (within its mortal era)
 * is awaited, not sent twice. Failure to submit or to see it included throws, so the core retries.
 */
public final class ChainTracker implements AssignmentSource, StatusReporter, AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(ChainTracker.class);
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final int PAGE = 1000;
	private static final int QUERY_BATCH = 256;
	private static final int MAX_ENDPOINT_BYTES = 256;

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

	private final RpcClient rpc;
	private final AccountKey provider;
	private final Path checkpointFile;
	private final Clock clock;
	private final Function<byte[], String> address;
	private final Options options;
	private final EventMapper mapper;

	private final Transactions transactions;
	private volatile ChainRuntime runtime;
	/** Reports in flight: call+id -> the last block number their transaction is valid in. */
	private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
	private Watch watch; // guarded by this
	// what status pages show; written by the watch
	private volatile boolean inSync;
	private volatile long finalizedSeen = -1;
	private volatile Checkpoint processed;

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
		this.rpc = Objects.requireNonNull(rpc, "rpc");
		this.provider = Objects.requireNonNull(provider, "provider");
		this.checkpointFile = Objects.requireNonNull(checkpointFile, "checkpointFile");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.address = Objects.requireNonNull(address, "address");
		this.options = Objects.requireNonNull(options, "options");
		this.mapper = new EventMapper(provider.publicKey().bytes(), address);
		this.transactions = new Transactions(rpc, provider, address.apply(provider.publicKey().bytes()),
				new Transactions.Options(options.mortalPeriod(), options.pollInterval()));
	}

	@Override
	public String name() {
		return "chain";
	}

	@Override
	public synchronized AutoCloseable watch(AssignmentListener listener) {
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

	// ---- assignments ----------------------------------------------------------------------------

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
					}, options.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
				} catch (RejectedExecutionException x) {
					// closing
				}
			}
		}

		/** Snapshot at the base block, then every finalized block after it. */
		private void sync() {
			try {
				ChainRuntime rt = loadRuntime();
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
						assignments = readAssignments(atBase, base.blockHash());
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
					assignments = readAssignments(atBase, finalizedHash);
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
				reportUnusable(u);
			}
		}

		private List<EventRecord> eventsAt(Metadata m, String hash) throws RpcException {
			JsonNode v = request("state_getStorage", Hex.encode(StorageKeys.key(m, "System", "Events")), hash);
			return v == null || v.isNull() ? List.of() : Events.decode(m, Hex.decode(v.asText()));
		}

		private Map<Long, Assignment> readAssignments(Metadata m, String hash) throws RpcException {
			List<Long> ids = new ArrayList<>();
			for (byte[] key : keys(m, hash, "SubscriptionsByProvider", Value.of(provider.publicKey().bytes()))) {
				ids.add(new org.dinfra.chain.api.ScaleReader(StorageKeys.lastKey(key, 8)).u64());
			}
			Map<Long, Assignment> out = new LinkedHashMap<>();
			int valueType = m.pallet(EventMapper.PALLET).storageEntry("Subscriptions").valueType();
			for (int i = 0; i < ids.size(); i += QUERY_BATCH) {
				List<Long> batch = ids.subList(i, Math.min(ids.size(), i + QUERY_BATCH));
				Map<String, Long> byKey = new HashMap<>();
				for (long id : batch) {
					byKey.put(Hex.encode(StorageKeys.key(m, EventMapper.PALLET, "Subscriptions", Value.of(id))), id);
				}
				JsonNode result = request("state_queryStorageAt", new ArrayList<>(byKey.keySet()), hash);
				for (JsonNode set : result) {
					for (JsonNode change : set.path("changes")) {
						Long id = byKey.get(change.get(0).asText().toLowerCase(java.util.Locale.ROOT));
						if (id == null || change.get(1).isNull()) {
							continue;
						}
						Value.Composite sub = (Value.Composite) m.codec().decode(valueType, Hex.decode(change.get(1).asText()));
						Change c = mapper.assignment(id, sub.get("type_id"), sub.get("descriptor_cid"), sub.get("consumer"));
						if (c instanceof Assigned a) {
							out.put(id, a.assignment());
						} else if (c instanceof Unusable u && statusName(sub).equals("Assigned")) {
							reportUnusable(u);
						}
					}
				}
			}
			return out;
		}

		/** {@link ChainState#keys} with interruption turned into a lost connection (the thread is stopping). */
		private List<byte[]> keys(Metadata m, String hash, String item, Value... prefix) throws RpcException {
			try {
				return ChainState.keys(rpc, m, hash, PAGE, EventMapper.PALLET, item, prefix);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new RpcException(RpcException.NOT_CONNECTED, "interrupted");
			}
		}

		private long blockNumber(String hash) throws RpcException {
			return Long.decode(request("chain_getHeader", hash).path("number").asText());
		}

		private Metadata metadataAt(String hash) throws RpcException {
			ChainRuntime rt = runtime;
			JsonNode v = request("state_getRuntimeVersion", hash);
			if (rt != null && rt.specVersion() == v.path("specVersion").asLong()) {
				return rt.metadata();
			}
			return Metadata.fromHex(request("state_getMetadata", hash).asText());
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

	/** A subscription of this provider that the core cannot be given: reported failed once, in the background. */
	private void reportUnusable(Unusable u) {
		LOG.warn("Subscription {} cannot be run: {}", Long.toUnsignedString(u.id()), u.reason());
		Thread t = new Thread(() -> {
			try {
				failed(u.id(), u.reason());
			} catch (Exception e) {
				LOG.warn("Reporting subscription {} failed did not succeed: {}", Long.toUnsignedString(u.id()), e.toString());
			}
		}, "dinfra-chain-report-" + Long.toUnsignedString(u.id()));
		t.setDaemon(true);
		t.start();
	}

	// ---- reports --------------------------------------------------------------------------------

	@Override
	public void running(long id, List<Endpoint> endpoints) throws Exception {
		byte[] endpoint = endpointInfo(endpoints);
		report(id, "report_deployed", "Deployed", Value.of(id), Value.of(endpoint));
	}

	@Override
	public void failed(long id, Reason reason) throws Exception {
		report(id, "report_failed", "Failed", Value.of(id), Value.of(reason.code().code()));
	}

	/**
	 * @param endpoints where the consumer reaches the deployment
	 * @return a compact JSON object {@code {"name":"uri",...}} of at most 256 bytes (endpoints
	 *         that do not fit are left out)
	 */
	static byte[] endpointInfo(List<Endpoint> endpoints) {
		ObjectNode o = JSON.createObjectNode();
		for (Endpoint e : endpoints) {
			o.put(e.name(), e.uri());
			if (o.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ENDPOINT_BYTES) {
				o.remove(e.name());
				LOG.warn("Endpoint {} left out of the on-chain report: the endpoint info is limited to {} bytes", e.name(),
						MAX_ENDPOINT_BYTES);
			}
		}
		return o.toString().getBytes(StandardCharsets.UTF_8);
	}

	private void report(long id, String call, String target, Value... args) throws Exception {
		ChainRuntime rt = runtime();
		String status = status(rt, id);
		String name = Long.toUnsignedString(id);
		if (status == null) {
			LOG.warn("Not reporting {} of subscription {}: it is not on chain", target, name);
			return;
		}
		if (!status.equals("Assigned")) {
			if (status.equals(target)) {
				LOG.debug("Subscription {} is already {} on chain", name, target);
			} else {
				LOG.info("Not reporting {} of subscription {}: its status on chain is {}", target, name, status);
			}
			inFlight.remove(call + id);
			return;
		}
		String flightKey = call + id;
		Long validUntil = inFlight.get(flightKey);
		long best = Long.decode(request("chain_getHeader").path("number").asText());
		if (validUntil == null || best > validUntil) {
			long until = transactions.submit(rt, new ExtrinsicBuilder(rt.metadata()).call(EventMapper.PALLET, call, args)).validUntil();
			inFlight.put(flightKey, until);
			LOG.info("Submitted {} for subscription {}", call, name);
		} else {
			LOG.info("{} for subscription {} is still in flight; waiting for it", call, name);
		}
		long deadline = clock.millis() + options.reportTimeout().toMillis();
		while (clock.millis() < deadline) {
			Thread.sleep(options.pollInterval().toMillis());
			status = status(rt, id);
			if (status == null || !status.equals("Assigned")) {
				inFlight.remove(flightKey);
				if (target.equals(status)) {
					LOG.info("Subscription {} is {} on chain", name, target);
				} else {
					LOG.info("Subscription {} became {} on chain instead of {}", name, status, target);
				}
				return;
			}
		}
		throw new RpcException(RpcException.NOT_CONNECTED, call + " of subscription " + name + " not in a block within "
				+ options.reportTimeout().toSeconds() + " s");
	}

	/** @return the status variant name at the best block, or null when there is no such subscription */
	private String status(ChainRuntime rt, long id) throws RpcException, InterruptedException {
		return ChainState.value(rpc, rt.metadata(), null, EventMapper.PALLET, "Subscriptions", Value.of(id))
				.map(v -> statusName((Value.Composite) v)).orElse(null);
	}

	private static String statusName(Value.Composite sub) {
		return ((Value.VariantValue) sub.get("status")).name();
	}

	private ChainRuntime runtime() throws RpcException, InterruptedException {
		ChainRuntime rt = ChainRuntime.current(rpc, runtime);
		runtime = rt;
		return rt;
	}

	private ChainRuntime loadRuntime() throws RpcException {
		try {
			ChainRuntime rt = ChainRuntime.load(rpc, null);
			runtime = rt;
			return rt;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new RpcException(RpcException.NOT_CONNECTED, "interrupted");
		}
	}

	/** {@link RpcClient#request} with interruption turned into a lost connection (the thread is stopping). */
	private JsonNode request(String method, Object... params) throws RpcException {
		try {
			return rpc.request(method, params);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new RpcException(RpcException.NOT_CONNECTED, "interrupted");
		}
	}

	/** @return the checkpoint file's content, for status commands */
	public Optional<Checkpoint> checkpoint() throws IOException {
		return Checkpoint.read(checkpointFile);
	}

	/** @return the provider's transactions (one nonce sequence for everything the agent signs) */
	public Transactions transactions() {
		return transactions;
	}

	/** @return whether the watch delivered a snapshot and every finalized block since, as far as it knows */
	public boolean inSync() {
		return inSync;
	}

	/** @return the last block processed by the watch (null before the first snapshot) */
	public Checkpoint processed() {
		return processed;
	}

	/** @return the highest finalized block number the node announced, -1 before the first */
	public long finalizedSeen() {
		return finalizedSeen;
	}
}
