package org.dinfra.core.internal.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.journal.JournalRecord;
import org.dinfra.core.internal.metrics.Metrics;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.registry.ReactorRegistry.Served;
import org.dinfra.core.internal.store.DescriptorFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The level-triggered reconciler: drives the actual state (reactor inventories and the journal)
 * towards the desired state (the assignments).
 *
 * <p>Every change (an assignment, a reactor coming or going, a retry timer, the periodic
 * resync) only marks deployment ids dirty; workers then look at the whole state of one id and
 * do the next step. One worker acts on an id at a time; at most {@link Settings#workers()} act
 * at once. Failures that may pass are retried with exponential backoff and jitter; nothing is
 * ever torn down because something failed, only because it is no longer assigned, and only
 * while the assignment source has an authoritative view.
 */
public final class Reconciler implements AssignmentListener, Deployments, AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
	/** MDC key carrying the deployment id in every log line written while working on it. */
	public static final String MDC_DEPLOYMENT = "dinfra.deployment";

	/**
	 * @param workers             how many deployments are worked on at once
	 * @param minBackoff          the first retry delay
	 * @param maxBackoff          the longest retry delay
	 * @param resyncInterval      how often every inventory is listed and every deployment looked at
	 * @param terminatedRetention how long terminated deployments stay listed
	 */
	public record Settings(int workers, Duration minBackoff, Duration maxBackoff, Duration resyncInterval,
			Duration terminatedRetention) {
		public Settings {
			if (workers < 1) {
				throw new IllegalArgumentException("workers must be at least 1");
			}
			// Checked here, before any thread starts: a zero resync interval would otherwise fail
			// in the constructor after the workers are running, and leave them running.
			requirePositive(minBackoff, "minBackoff");
			requirePositive(maxBackoff, "maxBackoff");
			requirePositive(resyncInterval, "resyncInterval");
			Objects.requireNonNull(terminatedRetention, "terminatedRetention");
			if (maxBackoff.compareTo(minBackoff) < 0) {
				throw new IllegalArgumentException("maxBackoff must not be shorter than minBackoff");
			}
		}

		private static void requirePositive(Duration d, String name) {
			if (d == null || d.toMillis() < 1) {
				throw new IllegalArgumentException(name + " must be at least 1 ms, not " + d);
			}
		}
	}

	private final Journal journal;
	private final ReactorRegistry registry;
	private final DescriptorFetcher fetcher;
	private final Settings settings;
	private final Clock clock;
	private final Metrics metrics;
	/** {@link System#nanoTime()} when an assignment was received, until its deploy finishes. */
	private final Map<Long, Long> received = new ConcurrentHashMap<>();

	private final Map<Long, Assignment> desired = new ConcurrentHashMap<>();
	private volatile boolean inSync;
	private volatile StatusReporter reporter;
	private final Map<String, Inventory> inventories = new ConcurrentHashMap<>();
	private final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
	private final Map<Long, Object> retryScheduled = new ConcurrentHashMap<>();

	private final WorkQueue queue = new WorkQueue();
	private final ExecutorService workers;
	private final ScheduledExecutorService timers;
	private final ExecutorService inventoryLister;
	/**
	 * Reports run here, not on the workers: a report may wait for a chain to include it (seconds),
	 * and deploys must not queue behind that.
	 */
	private final ExecutorService reporters;
	/** Deployment ids with a report in progress (one at a time per id). */
	private final Set<Long> reporting = ConcurrentHashMap.newKeySet();
	private final AtomicInteger busy = new AtomicInteger();
	private final Runnable unsubscribe;

	private record Inventory(Map<Long, ReactorStatus> items, Instant listed) {
	}

	/**
	 * Starts the workers and the resync timer.
	 *
	 * @param journal  the journal (already replayed)
	 * @param registry the reactors
	 * @param fetcher  the descriptor stores
	 * @param settings tuning
	 * @param clock    time source
	 */
	public Reconciler(Journal journal, ReactorRegistry registry, DescriptorFetcher fetcher, Settings settings,
			Clock clock) {
		this(journal, registry, fetcher, settings, clock, new Metrics());
	}

	/**
	 * Starts the workers and the resync timer.
	 *
	 * @param journal  the journal (already replayed)
	 * @param registry the reactors
	 * @param fetcher  the descriptor stores
	 * @param settings tuning
	 * @param clock    time source
	 * @param metrics  where reconcile latencies and reactor calls are recorded
	 */
	public Reconciler(Journal journal, ReactorRegistry registry, DescriptorFetcher fetcher, Settings settings,
			Clock clock, Metrics metrics) {
		this.metrics = metrics;
		this.journal = journal;
		this.registry = registry;
		this.fetcher = fetcher;
		this.settings = settings;
		this.clock = clock;
		AtomicInteger n = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(settings.workers(), r -> daemon(r, "dinfra-reconcile-" + n.incrementAndGet()));
		this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dinfra-reconcile-timer"));
		this.inventoryLister = Executors.newSingleThreadExecutor(r -> daemon(r, "dinfra-inventory"));
		AtomicInteger m = new AtomicInteger();
		this.reporters = Executors.newFixedThreadPool(REPORTERS, r -> daemon(r, "dinfra-report-" + m.incrementAndGet()));
		for (int i = 0; i < settings.workers(); i++) {
			workers.execute(this::work);
		}
		unsubscribe = registry.onChange(this::reactorChanged);
		long resync = settings.resyncInterval().toMillis();
		timers.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
		// Deployments from before a restart are looked at again; nothing is torn down until the
		// source has delivered its snapshot.
		journal.records().forEach(r -> queue.add(r.id()));
		registry.all().forEach(s -> refreshInventory(s.type().id()));
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	/** @param reporter where state changes are reported, or null for nowhere (yet) */
	public void setReporter(StatusReporter reporter) {
		this.reporter = reporter;
		if (reporter != null) {
			journal.records().stream().filter(Reconciler::due).forEach(r -> report(r.id()));
		}
	}

	// ---- AssignmentListener: desired state ------------------------------------------------------

	@Override
	public void snapshot(Collection<Assignment> assignments) {
		Set<Long> before = new HashSet<>(desired.keySet());
		Map<Long, Assignment> next = new ConcurrentHashMap<>();
		for (Assignment a : assignments) {
			next.put(a.id(), a);
		}
		desired.keySet().retainAll(next.keySet());
		desired.putAll(next);
		received.keySet().retainAll(next.keySet());
		try {
			// One write for the new ones, one fsync for the snapshot.
			List<JournalRecord> fresh = new ArrayList<>();
			for (Assignment a : next.values()) {
				if (journal.get(a.id()).isEmpty()) {
					fresh.add(assignedRecord(a));
					received.putIfAbsent(a.id(), System.nanoTime());
				}
			}
			journal.putAll(fresh, false);
			journal.sync();
		} catch (IOException e) {
			LOG.error("Cannot journal the assignment snapshot; deployments wait until it can: {}", e.getMessage());
		}
		inSync = true;
		LOG.info("Assignment snapshot: {} deployments wanted", next.size());
		before.addAll(next.keySet());
		journal.records().forEach(r -> before.add(r.id()));
		inventories.values().forEach(inv -> before.addAll(inv.items().keySet()));
		before.forEach(queue::add);
	}

	@Override
	public void assigned(Assignment assignment) {
		Optional<JournalRecord> known = journal.get(assignment.id());
		if (known.isEmpty() || known.get().state() == DeploymentState.TERMINATED
				|| !known.get().deployment().descriptor().equals(assignment.descriptor())) {
			received.putIfAbsent(assignment.id(), System.nanoTime());
		}
		desired.put(assignment.id(), assignment);
		try {
			remember(assignment, true);
		} catch (IOException e) {
			LOG.error("Cannot journal assignment {}: {}", assignment.id(), e.getMessage());
		}
		queue.add(assignment.id());
	}

	@Override
	public void ended(long id, String cause) {
		received.remove(id);
		if (desired.remove(id) != null) {
			try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_DEPLOYMENT, Long.toUnsignedString(id))) {
				LOG.info("Deployment {} no longer assigned: {}", Long.toUnsignedString(id), cause);
			}
		}
		queue.add(id);
	}

	@Override
	public void outOfSync() {
		if (inSync) {
			LOG.warn("Assignment source lost its authoritative view; no teardowns until it is back");
		}
		inSync = false;
	}

	/** Journals a newly seen assignment so that a crash cannot make the agent forget it. */
	private void remember(Assignment a, boolean durable) throws IOException {
		Optional<JournalRecord> existing = journal.get(a.id());
		if (existing.isEmpty()) {
			journal.put(assignedRecord(a), durable);
		}
	}

	private JournalRecord assignedRecord(Assignment a) {
		return new JournalRecord(new Deployment(a.id(), a.type(), a.descriptor(), a.consumer(),
				DeploymentState.ASSIGNED, null, List.of(), true, clock.instant()), null);
	}

	// ---- Deployments: the view ------------------------------------------------------------------

	@Override
	public List<Deployment> list() {
		return journal.records().stream().map(JournalRecord::deployment).map(this::view)
				.sorted(Comparator.comparing(Deployment::id, Long::compareUnsigned)).toList();
	}

	@Override
	public Optional<Deployment> get(long id) {
		return journal.get(id).map(JournalRecord::deployment).map(this::view);
	}

	private Deployment view(Deployment d) {
		boolean available = registry.served(d.type()).isPresent();
		return available == d.reactorAvailable() ? d
				: new Deployment(d.id(), d.type(), d.descriptor(), d.consumer(), d.state(), d.reason(), d.endpoints(),
						available, d.updated());
	}

	/** @return true when no deployment is queued or being worked on (for tests and benchmarks) */
	public boolean idle() {
		return queue.idle() && busy.get() == 0;
	}

	/** @return whether the source's view is authoritative */
	public boolean inSync() {
		return inSync;
	}

	// ---- Reactors and inventories ---------------------------------------------------------------

	private void reactorChanged(String type) {
		inventories.remove(type);
		refreshInventory(type);
		desired.values().stream().filter(a -> a.type().equals(type)).forEach(a -> queue.add(a.id()));
		journal.records().stream().filter(r -> r.deployment().type().equals(type)).forEach(r -> queue.add(r.id()));
	}

	private void refreshInventory(String type) {
		try {
			inventoryLister.execute(() -> listInventory(type));
		} catch (RejectedExecutionException e) {
			LOG.debug("Not listing the inventory of '{}': the reconciler is closed", type);
		}
	}

	private void listInventory(String type) {
		Optional<Served> served = registry.served(type);
		if (served.isEmpty()) {
			inventories.remove(type);
			return;
		}
		Instant listed = clock.instant();
		try {
			Map<Long, ReactorStatus> items = new ConcurrentHashMap<>();
			for (ReactorStatus s : timed(type, AgentMetrics.INVENTORY, served.get().reactor()::inventory)) {
				items.put(s.id(), s);
			}
			inventories.put(type, new Inventory(items, listed));
			items.keySet().forEach(queue::add);
		} catch (ReactorException | RuntimeException e) {
			LOG.warn("Cannot list the inventory of type '{}': {}", type, e.getMessage());
		}
	}

	private void resync() {
		try {
			registry.all().forEach(s -> refreshInventory(s.type().id()));
			Instant cutoff = clock.instant().minus(settings.terminatedRetention());
			for (JournalRecord r : List.copyOf(journal.records())) {
				if (r.state() == DeploymentState.TERMINATED && r.deployment().updated().isBefore(cutoff)
						&& !desired.containsKey(r.id())) {
					journal.remove(r.id());
				} else {
					queue.add(r.id());
				}
			}
			desired.keySet().forEach(queue::add);
		} catch (IOException | RuntimeException e) {
			LOG.warn("Resync failed: {}", e.getMessage());
		}
	}

	// ---- Workers --------------------------------------------------------------------------------

	private void work() {
		while (!Thread.currentThread().isInterrupted()) {
			Long id;
			try {
				id = queue.take();
			} catch (InterruptedException e) {
				return;
			}
			if (id == null) {
				return;
			}
			busy.incrementAndGet();
			MDC.put(MDC_DEPLOYMENT, Long.toUnsignedString(id));
			try {
				reconcile(id);
			} catch (RuntimeException e) {
				LOG.error("Unexpected error reconciling deployment {}", Long.toUnsignedString(id), e);
				retry(id);
			} finally {
				MDC.remove(MDC_DEPLOYMENT);
				queue.done(id);
				busy.decrementAndGet();
			}
		}
	}

	/** Looks at everything known of one deployment and takes the next step. */
	void reconcile(long id) {
		Assignment want = desired.get(id);
		JournalRecord record = journal.get(id).orElse(null);
		try {
			if (want != null) {
				converge(want, record);
			} else if (inSync) {
				remove(id, record);
			}
		} catch (IOException e) {
			LOG.error("Journal write failed for deployment {}: {}; retrying", Long.toUnsignedString(id), e.getMessage());
			retry(id);
		}
	}

	private void converge(Assignment want, JournalRecord record) throws IOException {
		long id = want.id();
		if (record == null) {
			remember(want, true);
			record = journal.get(id).orElseThrow();
		} else if (!record.deployment().descriptor().equals(want.descriptor())
				|| !record.deployment().type().equals(want.type())) {
			record = changedDescriptor(want, record);
			if (record == null) {
				return;
			}
		} else if (!record.deployment().consumer().equals(want.consumer())) {
			record = save(record.assignment(want.type(), want.descriptor(), want.consumer()));
		}
		switch (record.state()) {
			case FAILED -> report(id);
			case TERMINATED, TEARING_DOWN -> {
				// Wanted again (a directory file put back): a new lifecycle.
				record = transition(record, DeploymentState.ASSIGNED, null, List.of());
				deploy(want, record);
			}
			case RUNNING -> keepRunning(want, record);
			case ASSIGNED, VALIDATING, DEPLOYING -> deploy(want, record);
		}
	}

	/** The descriptor of a known deployment changed: remove what runs, then start over. */
	private JournalRecord changedDescriptor(Assignment want, JournalRecord record) throws IOException {
		if (record.state() == DeploymentState.DEPLOYING || record.state() == DeploymentState.RUNNING
				|| record.state() == DeploymentState.TEARING_DOWN) {
			if (!teardown(record)) {
				return null;
			}
		}
		LOG.info("Deployment {}: descriptor changed to {} ({}), deploying it afresh", Long.toUnsignedString(want.id()),
				want.descriptor(), want.type());
		JournalRecord fresh = new JournalRecord(new Deployment(want.id(), want.type(), want.descriptor(),
				want.consumer(), DeploymentState.ASSIGNED, null, List.of(), true, clock.instant()), null);
		journal.put(fresh, true);
		return fresh;
	}

	private void deploy(Assignment want, JournalRecord record) throws IOException {
		long id = want.id();
		Optional<Served> served = registry.served(want.type());
		if (served.isEmpty()) {
			waitForReactor(record, "waiting for a reactor serving type '" + want.type() + "'");
			return;
		}
		if (record.state() == DeploymentState.ASSIGNED) {
			record = transition(record, DeploymentState.VALIDATING, null, List.of());
		}
		byte[] bytes;
		try {
			bytes = fetcher.fetch(want.descriptor());
		} catch (DescriptorException e) {
			if (e.isTransient()) {
				noteRetry(record, Reason.of(e.code(), e.getMessage()));
			} else {
				fail(record, Reason.of(e.code(), e.getMessage()), null);
			}
			return;
		}
		List<String> problems = served.get().schema().validate(bytes);
		if (!problems.isEmpty()) {
			fail(record, new Reason(ReasonCode.SCHEMA_INVALID,
					"descriptor does not match the schema of type '" + want.type() + "'", problems), null);
			return;
		}
		DeploymentRequest request = new DeploymentRequest(id, want.type(), want.descriptor(),
				new String(bytes, StandardCharsets.UTF_8), want.consumer());
		List<String> violations;
		try {
			violations = served.get().reactor().check(request);
		} catch (RuntimeException e) {
			LOG.warn("Policy check of deployment {} failed: {}", Long.toUnsignedString(id), e.toString());
			noteRetry(record, Reason.of(ReasonCode.DEPLOY_FAILED, "policy check failed: " + e));
			return;
		}
		if (!violations.isEmpty()) {
			fail(record, new Reason(ReasonCode.POLICY_VIOLATION, "the provider's policy refuses this descriptor",
					violations), null);
			return;
		}
		if (record.state() != DeploymentState.DEPLOYING) {
			record = transition(record, DeploymentState.DEPLOYING, null, List.of());
		}
		ReactorStatus status;
		try {
			LOG.info("Deploying {} ({} {})", Long.toUnsignedString(id), want.type(), want.descriptor());
			status = timed(want.type(), AgentMetrics.DEPLOY, () -> served.get().reactor().deploy(request));
		} catch (ReactorException e) {
			if (e.isTransient()) {
				noteRetry(record, e.reason());
			} else {
				fail(record, e.reason(), served.get());
			}
			return;
		} catch (RuntimeException e) {
			LOG.warn("Reactor for '{}' threw on deploy of {}", want.type(), Long.toUnsignedString(id), e);
			noteRetry(record, Reason.of(ReasonCode.DEPLOY_FAILED, e.toString()));
			return;
		}
		if (status.state() == DeploymentState.FAILED) {
			fail(record, Reason.of(ReasonCode.DEPLOY_FAILED, status.message()), served.get());
			return;
		}
		if (status.state() != DeploymentState.RUNNING) {
			noteRetry(record, Reason.of(ReasonCode.DEPLOY_FAILED, "not running yet: " + status.state()));
			return;
		}
		attempts.remove(id);
		finished(id, AgentMetrics.RUNNING);
		record = transition(record, DeploymentState.RUNNING, null, status.endpoints());
		LOG.info("Deployment {} running {}", Long.toUnsignedString(id), status.endpoints());
		report(id);
	}

	private void keepRunning(Assignment want, JournalRecord record) throws IOException {
		Optional<Served> served = registry.served(want.type());
		if (served.isEmpty()) {
			waitForReactor(record, "reactor for type '" + want.type() + "' unavailable; left running untouched");
			report(want.id());
			return;
		}
		if (record.deployment().reason() != null) {
			record = transition(record, DeploymentState.RUNNING, null, record.deployment().endpoints());
		}
		Inventory inventory = inventories.get(want.type());
		ReactorStatus item = inventory == null ? null : inventory.items().get(want.id());
		if (inventory != null && inventory.listed().isAfter(record.deployment().updated())
				&& (item == null || item.state() == DeploymentState.FAILED)) {
			// Level-triggered: what is assigned must run. Deploy is idempotent, so asking the
			// reactor again restarts what crashed and recreates what vanished.
			LOG.warn("Deployment {} {} in the inventory of '{}'; deploying it again", Long.toUnsignedString(want.id()),
					item == null ? "is missing" : "is reported failed (" + item.message() + ")", want.type());
			record = transition(record, DeploymentState.DEPLOYING, null, List.of());
			deploy(want, record);
			return;
		}
		report(want.id());
	}

	private void remove(long id, JournalRecord record) throws IOException {
		if (record == null || record.state() == DeploymentState.TERMINATED) {
			if (record != null) {
				// A terminated report that failed is retried from here.
				report(id);
			}
			// An inventory listed before the teardown may still show what was torn down.
			Instant terminated = record == null ? Instant.MIN : record.deployment().updated();
			Optional<String> orphanType = inventories.entrySet().stream()
					.filter(e -> e.getValue().items().containsKey(id) && e.getValue().listed().isAfter(terminated))
					.map(Map.Entry::getKey).findFirst();
			if (orphanType.isPresent()) {
				tearDownOrphan(id, orphanType.get());
			}
			return;
		}
		boolean neverDeployed = record.state() == DeploymentState.ASSIGNED || record.state() == DeploymentState.VALIDATING
				|| record.state() == DeploymentState.FAILED;
		if (neverDeployed && registry.served(record.deployment().type()).isEmpty()) {
			// Nothing to remove that a reactor could be asked about now; should a crash have left
			// something behind, the reactor's inventory shows it as an orphan once it is back.
			transition(record, DeploymentState.TERMINATED, null, List.of());
			report(id);
			return;
		}
		if (teardown(record)) {
			JournalRecord done = journal.get(id).orElse(record);
			transition(done, DeploymentState.TERMINATED, null, List.of());
			report(id);
		}
	}

	/**
	 * Tears a deployment down through its reactor.
	 *
	 * @return true when removed; false when it waits for its reactor or a retry
	 */
	private boolean teardown(JournalRecord record) throws IOException {
		long id = record.id();
		Optional<Served> served = registry.served(record.deployment().type());
		if (served.isEmpty()) {
			waitForReactor(record, "to be torn down once a reactor serving '" + record.deployment().type() + "' is back");
			return false;
		}
		if (record.state() != DeploymentState.TEARING_DOWN && record.state() != DeploymentState.FAILED) {
			record = transition(record, DeploymentState.TEARING_DOWN, null, List.of());
		}
		try {
			LOG.info("Tearing down {}", Long.toUnsignedString(id));
			tearDown(served.get(), id);
		} catch (ReactorException | RuntimeException e) {
			Reason reason = e instanceof ReactorException re ? re.reason()
					: Reason.of(ReasonCode.DEPLOY_FAILED, e.toString());
			noteRetry(record, reason);
			return false;
		}
		attempts.remove(id);
		Inventory inventory = inventories.get(record.deployment().type());
		if (inventory != null) {
			inventory.items().remove(id);
		}
		return true;
	}

	private void tearDownOrphan(long id, String type) {
		Optional<Served> served = registry.served(type);
		if (served.isEmpty()) {
			return;
		}
		try {
			LOG.warn("Tearing down orphan {} of type '{}': the reactor owns it but it is not assigned here",
					Long.toUnsignedString(id), type);
			tearDown(served.get(), id);
			Inventory inventory = inventories.get(type);
			if (inventory != null) {
				inventory.items().remove(id);
			}
		} catch (ReactorException | RuntimeException e) {
			LOG.warn("Cannot tear down orphan {}: {}", Long.toUnsignedString(id), e.getMessage());
			retry(id);
		}
	}

	private void fail(JournalRecord record, Reason reason, Served cleanup) throws IOException {
		LOG.warn("Deployment {} failed: {}", Long.toUnsignedString(record.id()), reason);
		attempts.remove(record.id());
		finished(record.id(), AgentMetrics.FAILED);
		if (cleanup != null) {
			try {
				tearDown(cleanup, record.id());
			} catch (ReactorException | RuntimeException e) {
				LOG.warn("Cleanup after the failed deployment of {} failed: {}", Long.toUnsignedString(record.id()),
						e.getMessage());
			}
		}
		transition(record, DeploymentState.FAILED, reason, List.of());
		report(record.id());
	}

	private void waitForReactor(JournalRecord record, String message) throws IOException {
		Reason reason = Reason.of(ReasonCode.REACTOR_UNAVAILABLE, message);
		if (!reason.equals(record.deployment().reason())) {
			LOG.info("Deployment {}: {}", Long.toUnsignedString(record.id()), message);
			transition(record, record.state(), reason, record.deployment().endpoints());
		}
	}

	/** Keeps the state, notes why, and tries again later. */
	private void noteRetry(JournalRecord record, Reason reason) throws IOException {
		Duration delay = retry(record.id());
		Reason noted = new Reason(reason.code(), reason.message() + " (retrying in " + delay.toMillis() + " ms)",
				reason.details());
		LOG.warn("Deployment {}: {}", Long.toUnsignedString(record.id()), noted);
		transition(record, record.state(), noted, record.deployment().endpoints());
	}

	private Duration retry(long id) {
		int attempt = attempts.merge(id, 1, Integer::sum);
		long min = settings.minBackoff().toMillis();
		long max = settings.maxBackoff().toMillis();
		long base = Math.min(max, min << Math.min(attempt - 1, 30));
		long delay = Math.min(max, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
		if (retryScheduled.putIfAbsent(id, Boolean.TRUE) == null) {
			try {
				timers.schedule(() -> {
					retryScheduled.remove(id);
					queue.add(id);
				}, delay, TimeUnit.MILLISECONDS);
			} catch (RejectedExecutionException e) {
				retryScheduled.remove(id);
			}
		}
		return Duration.ofMillis(delay);
	}

	/** How many reports can wait for their acknowledgement (a chain: inclusion in a block) at once. */
	private static final int REPORTERS = 32;

	/**
	 * Reports the journaled state once (running, failed or terminated), in the background: the
	 * journal notes it reported when the reporter returns; an exception retries it with backoff; a
	 * state that changed meanwhile is reported next. One report per id at a time.
	 *
	 * <p>What is reported is read from the journal once this id's report slot is taken, never from
	 * a caller's copy: a worker may hold a copy read before the previous report was acknowledged,
	 * and would report that state a second time. Whoever lets the slot go looks at the journal
	 * again, so that a state journaled while the slot was taken is not left unreported.
	 */
	private void report(long id) {
		while (reporter != null && reporting.add(id)) {
			JournalRecord record = journal.get(id).orElse(null);
			if (due(record)) {
				dispatch(record);
				return;
			}
			reporting.remove(id);
			if (!due(journal.get(id).orElse(null))) {
				return;
			}
		}
		// No reporter yet, or a report of this id in progress: it looks again when done.
	}

	private static boolean due(JournalRecord record) {
		if (record == null || record.reported() == record.state()) {
			return false;
		}
		DeploymentState state = record.state();
		return state == DeploymentState.RUNNING || state == DeploymentState.FAILED || state == DeploymentState.TERMINATED;
	}

	/** Reports a record whose id's report slot is taken; lets the slot go when done. */
	private void dispatch(JournalRecord record) {
		long id = record.id();
		DeploymentState state = record.state();
		StatusReporter r = reporter;
		if (r == null) {
			reporting.remove(id);
			return;
		}
		try {
			reporters.execute(() -> {
				boolean done = false;
				try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_DEPLOYMENT, Long.toUnsignedString(id))) {
					try {
						switch (state) {
							case RUNNING -> r.running(id, record.deployment().endpoints());
							case FAILED -> r.failed(id, Objects.requireNonNull(record.deployment().reason()));
							default -> r.terminated(id);
						}
						// Marked on the record as it is now: a worker may have moved it on meanwhile.
						// A new lifecycle (another descriptor) has not been reported yet: left unmarked.
						journal.update(id, now -> now != null && sameAssignment(now, record) ? now.reported(state) : now,
								false);
						done = true;
					} catch (Exception e) {
						LOG.warn("Reporting {} of deployment {} failed: {}", state, Long.toUnsignedString(id), e.toString());
					}
				} finally {
					reporting.remove(id);
				}
				if (!done) {
					retry(id);
				} else {
					report(id); // it changed while this report was on its way
				}
			});
		} catch (RejectedExecutionException e) {
			reporting.remove(id); // closing
		}
	}

	private static boolean sameAssignment(JournalRecord a, JournalRecord b) {
		return a.deployment().type().equals(b.deployment().type())
				&& a.deployment().descriptor().equals(b.deployment().descriptor());
	}

	private JournalRecord transition(JournalRecord record, DeploymentState state, Reason reason,
			List<Endpoint> endpoints) throws IOException {
		return save(record.with(state, reason, endpoints, clock.instant()));
	}

	/**
	 * Journals a worker's change of a deployment, keeping the report mark the journal holds now: a
	 * report may have been acknowledged since the worker read its copy.
	 */
	private JournalRecord save(JournalRecord next) throws IOException {
		return journal.update(next.id(), now -> now == null ? next : next.reported(now.reported()), false);
	}

	// ---- Metrics --------------------------------------------------------------------------------

	/** A reactor call, timed. */
	@FunctionalInterface
	private interface ReactorCall<T> {
		T call() throws ReactorException;
	}

	/** Calls a reactor, recording how long it took and, when it throws, why. */
	private <T> T timed(String type, String operation, ReactorCall<T> call) throws ReactorException {
		long start = System.nanoTime();
		ReasonCode error = ReasonCode.DEPLOY_FAILED;
		try {
			T result = call.call();
			error = null;
			return result;
		} catch (ReactorException e) {
			error = e.reason().code();
			throw e;
		} finally {
			metrics.reactorCall(type, operation, System.nanoTime() - start, error);
		}
	}

	private void tearDown(Served served, long id) throws ReactorException {
		timed(served.type().id(), AgentMetrics.TEARDOWN, () -> {
			served.reactor().teardown(id);
			return null;
		});
	}

	/** Records the reconcile latency of an assignment whose deploy finished, once. */
	private void finished(long id, String outcome) {
		Long since = received.remove(id);
		if (since != null) {
			metrics.reconciled(outcome, System.nanoTime() - since);
		}
	}

	@Override
	public void close() {
		unsubscribe.run();
		queue.close();
		timers.shutdownNow();
		inventoryLister.shutdownNow();
		reporters.shutdownNow();
		workers.shutdownNow();
		try {
			if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
				LOG.warn("Reconciler workers did not stop within 10 s");
			}
			inventoryLister.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
