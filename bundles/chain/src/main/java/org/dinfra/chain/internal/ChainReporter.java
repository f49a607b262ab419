package org.dinfra.chain.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.RuntimeConstant;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.internal.EventMapper.Unusable;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts the provider's reports on chain: {@link Call#REPORT_DEPLOYED} / {@link Call#REPORT_FAILED}
 * extrinsics signed with the provider key. The subscription's on-chain status is read first: a
 * report the chain already shows (or that no longer applies: cancelled, expired) is not sent
 * again. A submitted report is awaited until the status changes in the best block; one still in
 * flight (within its mortal era) is awaited, not sent twice. Failure to submit or to see it
 * included throws, so the core retries.
 *
 * <p>Subscriptions that cannot be run are reported failed in the background, on a small pool
 * that {@link #close()} stops.
 */
final class ChainReporter implements StatusReporter, AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(ChainReporter.class);
	private static final ObjectMapper JSON = new ObjectMapper();
	/** Background reports at once; each mostly waits for its block. */
	private static final int BACKGROUND_THREADS = 4;

	private final RpcClient rpc;
	private final Transactions transactions;
	private final RuntimeCache runtimes;
	private final Clock clock;
	private final Duration reportTimeout;
	private final Duration pollInterval;
	/** Reports in flight: call+id -> the last block number their transaction is valid in. */
	private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
	private final ThreadPoolExecutor background;

	/**
	 * @param rpc           the node connection (not closed here)
	 * @param transactions  the provider's transactions
	 * @param runtimes      the runtime last seen
	 * @param clock         time source for report deadlines
	 * @param reportTimeout how long a report waits to be seen in a block before it throws
	 * @param pollInterval  how often the status of a submitted report is read
	 */
	ChainReporter(RpcClient rpc, Transactions transactions, RuntimeCache runtimes, Clock clock, Duration reportTimeout,
			Duration pollInterval) {
		this.rpc = rpc;
		this.transactions = transactions;
		this.runtimes = runtimes;
		this.clock = clock;
		this.reportTimeout = reportTimeout;
		this.pollInterval = pollInterval;
		AtomicInteger threads = new AtomicInteger();
		this.background = new ThreadPoolExecutor(BACKGROUND_THREADS, BACKGROUND_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), r -> {
					Thread t = new Thread(r, "dinfra-chain-report-" + threads.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		this.background.allowCoreThreadTimeOut(true);
	}

	@Override
	public void running(long id, List<Endpoint> endpoints) throws Exception {
		ChainRuntime rt = runtimes.current();
		byte[] endpoint = endpointInfo(endpoints, RuntimeConstant.MAX_ENDPOINT_LEN.intValue(rt.metadata()));
		report(rt, id, Call.REPORT_DEPLOYED, SubscriptionStatus.DEPLOYED, Value.of(id), Value.of(endpoint));
	}

	@Override
	public void failed(long id, Reason reason) throws Exception {
		report(runtimes.current(), id, Call.REPORT_FAILED, SubscriptionStatus.FAILED, Value.of(id), Value.of(reason.code().code()));
	}

	/** A subscription of this provider that the core cannot be given: reported failed once, in the background. */
	void reportUnusable(Unusable u) {
		String name = Long.toUnsignedString(u.id());
		LOG.warn("Subscription {} cannot be run: {}", name, u.reason());
		try {
			background.execute(() -> {
				try {
					failed(u.id(), u.reason());
				} catch (Exception e) {
					LOG.warn("Reporting subscription {} failed did not succeed: {}", name, e.toString());
				}
			});
		} catch (RejectedExecutionException e) {
			LOG.info("Not reporting subscription {} failed: the chain tracker is closing", name);
		}
	}

	/**
	 * @param endpoints where the consumer reaches the deployment
	 * @param limit     the most bytes the chain takes ({@link RuntimeConstant#MAX_ENDPOINT_LEN})
	 * @return a compact JSON object {@code {"name":"uri",...}} of at most {@code limit} bytes
	 *         (endpoints that do not fit are left out)
	 */
	static byte[] endpointInfo(List<Endpoint> endpoints, int limit) {
		ObjectNode o = JSON.createObjectNode();
		for (Endpoint e : endpoints) {
			o.put(e.name(), e.uri());
			if (o.toString().getBytes(StandardCharsets.UTF_8).length > limit) {
				o.remove(e.name());
				LOG.warn("Endpoint {} left out of the on-chain report: the endpoint info is limited to {} bytes", e.name(), limit);
			}
		}
		return o.toString().getBytes(StandardCharsets.UTF_8);
	}

	private void report(ChainRuntime rt, long id, Call call, SubscriptionStatus target, Value... args) throws Exception {
		SubscriptionStatus status = status(rt, id);
		String name = Long.toUnsignedString(id);
		if (status == null) {
			LOG.warn("Not reporting {} of subscription {}: it is not on chain", target, name);
			return;
		}
		String flightKey = call.callName() + id;
		if (status != SubscriptionStatus.ASSIGNED) {
			if (status == target) {
				LOG.debug("Subscription {} is already {} on chain", name, target);
			} else {
				LOG.info("Not reporting {} of subscription {}: its status on chain is {}", target, name, status);
			}
			inFlight.remove(flightKey);
			return;
		}
		Long validUntil = inFlight.get(flightKey);
		long best = Long.decode(Requests.request(rpc, "chain_getHeader").path("number").asText());
		if (validUntil == null || best > validUntil) {
			long until = transactions.submit(rt, call.encode(rt.metadata(), args)).validUntil();
			inFlight.put(flightKey, until);
			LOG.info("Submitted {} for subscription {}", call.callName(), name);
		} else {
			LOG.info("{} for subscription {} is still in flight; waiting for it", call.callName(), name);
		}
		long deadline = clock.millis() + reportTimeout.toMillis();
		while (clock.millis() < deadline) {
			Thread.sleep(pollInterval.toMillis());
			status = status(rt, id);
			if (status != SubscriptionStatus.ASSIGNED) {
				inFlight.remove(flightKey);
				if (status == target) {
					LOG.info("Subscription {} is {} on chain", name, target);
				} else {
					LOG.info("Subscription {} became {} on chain instead of {}", name, status, target);
				}
				return;
			}
		}
		throw new RpcException(RpcException.NOT_CONNECTED, call.callName() + " of subscription " + name + " not in a block within "
				+ reportTimeout.toSeconds() + " s");
	}

	/** @return the status at the best block, or null when there is no such subscription */
	private SubscriptionStatus status(ChainRuntime rt, long id) throws RpcException, InterruptedException {
		return StorageItem.SUBSCRIPTIONS.read(rpc, rt.metadata(), null, Value.of(id)).map(SubscriptionStatus::ofSubscription).orElse(null);
	}

	/** Stops the background reports (interrupting those under way) and waits for them. */
	@Override
	public void close() {
		background.shutdownNow();
		try {
			if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
				LOG.warn("The chain report threads did not stop within 10 s");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
