package org.dinfra.core.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;

/**
 * A reactor whose "infrastructure" is a map, keeping to the {@link Reactor} contract (idempotent
 * deploy and teardown, a complete inventory, deployments that outlive a {@linkplain #restarted()
 * restart}; the conformance kit checks it), counting every call, and failing on demand:
 * transiently N times, permanently, unexpectedly, or holding deploys at a latch until released.
 * Deploys succeed at once otherwise, so that a benchmark measures the agent, not a backend.
 *
 * <p>Core's tests, the benchmarks and the conformance kit's own test use this one class (core's
 * test-jar; the kit depends on core, so it cannot live there). It uses only {@code org.dinfra.core.api}.
 */
public class InMemoryReactor implements Reactor {
	/** The type id this reactor serves by default. */
	public static final String TYPE = "compose";
	/** A small Compose-like schema (draft 2020-12). */
	public static final String SCHEMA = """
			{
			  "$schema": "https://json-schema.org/draft/2020-12/schema",
			  "$id": "https://schemas.dinfra.test/compose.schema.json",
			  "type": "object",
			  "required": ["services"],
			  "additionalProperties": false,
			  "properties": {
			    "services": {
			      "type": "object",
			      "minProperties": 1,
			      "additionalProperties": {
			        "type": "object",
			        "required": ["image"],
			        "additionalProperties": false,
			        "properties": {
			          "image": { "type": "string", "minLength": 1 },
			          "replicas": { "type": "integer", "minimum": 1 }
			        }
			      }
			    }
			  }
			}
			""";

	private final String schema;
	/** The infrastructure: what exists, shared with the instances {@linkplain #restarted() restarted} from this one. */
	private final Map<Long, ReactorStatus> deployments;
	/** Not a CopyOnWriteArrayList: a benchmark deploys thousands. */
	private final ConcurrentLinkedQueue<DeploymentRequest> requests = new ConcurrentLinkedQueue<>();
	private final Map<Long, AtomicInteger> deploysById = new ConcurrentHashMap<>();
	private final Map<Long, AtomicInteger> teardownsById = new ConcurrentHashMap<>();
	private final Map<Long, AtomicInteger> activeDeploysById = new ConcurrentHashMap<>();
	private final AtomicInteger deployCalls = new AtomicInteger();
	private final AtomicInteger teardownCalls = new AtomicInteger();
	private final AtomicInteger inventoryCalls = new AtomicInteger();
	private final AtomicInteger created = new AtomicInteger();
	private final AtomicInteger maxConcurrentDeploysOfOneId = new AtomicInteger();
	private final AtomicInteger maxConcurrentDeploys = new AtomicInteger();
	private final AtomicInteger activeDeploys = new AtomicInteger();
	private final AtomicInteger waitingAtGate = new AtomicInteger();
	private final AtomicInteger transientDeployFailures = new AtomicInteger();
	private final AtomicInteger transientTeardownFailures = new AtomicInteger();
	private final AtomicInteger brokenTeardowns = new AtomicInteger();
	private final AtomicInteger brokenInventories = new AtomicInteger();
	private volatile ReactorException permanentDeployFailure;
	private volatile CountDownLatch gate;
	private volatile Function<DeploymentRequest, List<String>> policy = r -> List.of();

	public InMemoryReactor() {
		this(SCHEMA);
	}

	/** @param schema the schema text this reactor declares */
	public InMemoryReactor(String schema) {
		this(schema, new ConcurrentHashMap<>());
	}

	private InMemoryReactor(String schema, Map<Long, ReactorStatus> infrastructure) {
		this.schema = schema;
		this.deployments = infrastructure;
	}

	/**
	 * @return a new instance over the same infrastructure, as after an agent restart: it finds the
	 *         deployments this one made; its counters and failure settings start afresh
	 */
	public InMemoryReactor restarted() {
		return new InMemoryReactor(schema, deployments);
	}

	/** @return service properties registering this reactor for {@link #TYPE} */
	public Map<String, Object> properties() {
		return properties(TYPE, 0);
	}

	/**
	 * @param type    the served type
	 * @param ranking the service ranking
	 * @return service properties
	 */
	public Map<String, Object> properties(String type, int ranking) {
		Map<String, Object> p = new HashMap<>();
		p.put(Reactor.TYPE, type);
		p.put(Reactor.TYPE_VERSION, 1);
		p.put("service.ranking", ranking);
		return p;
	}

	// ---- configuration ---------------------------------------------------------------------

	/** @param times how many deploy calls fail transiently before they succeed */
	public InMemoryReactor failDeploysTransiently(int times) {
		transientDeployFailures.set(times);
		return this;
	}

	/** Every deploy fails permanently with the code from now on. */
	public InMemoryReactor failDeploysPermanently(ReasonCode code, String message) {
		permanentDeployFailure = ReactorException.permanent(code, message);
		return this;
	}

	/** @param times how many teardown calls fail transiently before they succeed */
	public InMemoryReactor failTeardownsTransiently(int times) {
		transientTeardownFailures.set(times);
		return this;
	}

	/** @param times how many teardown calls throw an unexpected exception (a bug, not a ReactorException) */
	public InMemoryReactor breakTeardowns(int times) {
		brokenTeardowns.set(times);
		return this;
	}

	/** @param times how many inventory calls throw an unexpected exception (a bug, not a ReactorException) */
	public InMemoryReactor breakInventories(int times) {
		brokenInventories.set(times);
		return this;
	}

	/** @param policy the provider's policy: violations of a request */
	public InMemoryReactor policy(Function<DeploymentRequest, List<String>> policy) {
		this.policy = policy;
		return this;
	}

	/**
	 * Holds every deploy from now on until the returned latch is counted down.
	 *
	 * @return the latch that releases them
	 */
	public CountDownLatch holdDeploys() {
		CountDownLatch latch = new CountDownLatch(1);
		gate = latch;
		return latch;
	}

	/** Lets deploys through again. */
	public void releaseDeploys() {
		CountDownLatch latch = gate;
		gate = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/** A deployment that exists on the infrastructure without the agent having asked (an orphan, or one from before a restart). */
	public void adopt(long id) {
		deployments.put(id, running(id));
	}

	/** The deployment crashes on the infrastructure: the inventory reports it FAILED until deployed again. */
	public void crash(long id) {
		deployments.computeIfPresent(id, (k, v) -> new ReactorStatus(k, DeploymentState.FAILED, List.of(), "crashed"));
	}

	/** The deployment vanishes from the infrastructure, as if removed by hand. */
	public void lose(long id) {
		deployments.remove(id);
	}

	// ---- observation -----------------------------------------------------------------------

	public int deployCalls() {
		return deployCalls.get();
	}

	public int deployCalls(long id) {
		AtomicInteger n = deploysById.get(id);
		return n == null ? 0 : n.get();
	}

	public int teardownCalls() {
		return teardownCalls.get();
	}

	public int teardownCalls(long id) {
		AtomicInteger n = teardownsById.get(id);
		return n == null ? 0 : n.get();
	}

	public int inventoryCalls() {
		return inventoryCalls.get();
	}

	/** @return how many deployments were created (not found existing) */
	public int created() {
		return created.get();
	}

	public boolean has(long id) {
		return deployments.containsKey(id);
	}

	/** @return how many deployments exist */
	public int size() {
		return deployments.size();
	}

	public List<DeploymentRequest> requests() {
		return new ArrayList<>(requests);
	}

	/** @return how many deploys wait at the latch of {@link #holdDeploys()} now */
	public int waitingDeploys() {
		return waitingAtGate.get();
	}

	public int maxConcurrentDeploysOfOneId() {
		return maxConcurrentDeploysOfOneId.get();
	}

	public int maxConcurrentDeploys() {
		return maxConcurrentDeploys.get();
	}

	/** @return the endpoints a running deployment of this reactor has */
	public static List<Endpoint> endpoints(long id) {
		return List.of(new Endpoint("web:80", "http://127.0.0.1:" + (20000 + Math.floorMod(id, 1000))));
	}

	private static ReactorStatus running(long id) {
		return ReactorStatus.running(id, endpoints(id));
	}

	// ---- Reactor ---------------------------------------------------------------------------

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public List<String> check(DeploymentRequest request) {
		return policy.apply(request);
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		long id = request.id();
		deployCalls.incrementAndGet();
		deploysById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
		requests.add(request);
		int mine = activeDeploysById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
		maxConcurrentDeploysOfOneId.accumulateAndGet(mine, Math::max);
		maxConcurrentDeploys.accumulateAndGet(activeDeploys.incrementAndGet(), Math::max);
		try {
			CountDownLatch latch = gate;
			if (latch != null) {
				waitingAtGate.incrementAndGet();
				try {
					if (!latch.await(30, TimeUnit.SECONDS)) {
						throw ReactorException.transientFailure("test gate never opened", null);
					}
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw ReactorException.transientFailure("interrupted", e);
				} finally {
					waitingAtGate.decrementAndGet();
				}
			}
			ReactorException permanent = permanentDeployFailure;
			if (permanent != null) {
				throw permanent;
			}
			if (transientDeployFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				throw ReactorException.transientFailure("infrastructure busy", null);
			}
			return deployments.compute(id, (k, v) -> {
				if (v == null) {
					created.incrementAndGet();
					return running(k);
				}
				return v.state() == DeploymentState.FAILED ? running(k) : v;
			});
		} finally {
			activeDeploys.decrementAndGet();
			activeDeploysById.get(id).decrementAndGet();
		}
	}

	@Override
	public void teardown(long id) throws ReactorException {
		teardownCalls.incrementAndGet();
		teardownsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
		if (brokenTeardowns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			throw new IllegalStateException("teardown bug");
		}
		if (transientTeardownFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			throw ReactorException.transientFailure("infrastructure busy", null);
		}
		deployments.remove(id);
	}

	@Override
	public Optional<ReactorStatus> status(long id) {
		return Optional.ofNullable(deployments.get(id));
	}

	@Override
	public List<ReactorStatus> inventory() {
		inventoryCalls.incrementAndGet();
		if (brokenInventories.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			throw new IllegalStateException("inventory bug");
		}
		return List.copyOf(deployments.values());
	}
}
