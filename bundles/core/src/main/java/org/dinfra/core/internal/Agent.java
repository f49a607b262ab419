package org.dinfra.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.core.internal.journal.Journal;
import org.dinfra.core.internal.metrics.Metrics;
import org.dinfra.core.internal.reconcile.DeploymentsView;
import org.dinfra.core.internal.reconcile.Reconciler;
import org.dinfra.core.internal.registry.ReactorRegistry;
import org.dinfra.core.internal.store.DescriptorFetcher;
import org.dinfra.core.internal.store.Descriptors;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: wires the whiteboard of reactors, the descriptor stores, the assignment source and
 * the status reporter to the journal and the reconciler, and exposes what it knows.
 */
@Component(service = {DescriptorTypes.class, Deployments.class, AgentMetrics.class}, configurationPid = Agent.PID,
		immediate = true)
@Designate(ocd = Agent.Config.class)
public final class Agent implements DescriptorTypes, Deployments, AgentMetrics {
	/** Configuration PID, the name of its .cfg file. */
	public static final String PID = "org.dinfra.core";
	private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

	@ObjectClassDefinition(name = "DINFRA agent", description = "Reconciler and journal of the Chain Reactor agent.")
	public @interface Config {
		@AttributeDefinition(name = "Workers", description = "How many deployments are worked on at once.")
		int workers() default 8;

		@AttributeDefinition(name = "First retry delay (ms)", description = "Backoff after the first transient failure.")
		long minBackoffMs() default 1000;

		@AttributeDefinition(name = "Longest retry delay (ms)", description = "Backoff never grows beyond this.")
		long maxBackoffMs() default 300_000;

		@AttributeDefinition(name = "Resync interval (s)",
				description = "How often every reactor's inventory is listed and every deployment looked at again.")
		long resyncSeconds() default 60;

		@AttributeDefinition(name = "Terminated retention (h)",
				description = "How long terminated deployments stay listed before the journal forgets them.")
		long terminatedRetentionHours() default 24;

		@AttributeDefinition(name = "Journal directory", description = "Empty: ${karaf.data}/dinfra/journal.")
		String journalDirectory() default "";

		@AttributeDefinition(name = "Sync journal to disk",
				description = "fsync before relying on a journal entry. Turn off only for tests.")
		boolean journalFsync() default true;
	}

	private final ReactorRegistry registry = new ReactorRegistry();
	private final DescriptorFetcher fetcher = new DescriptorFetcher();
	private final Metrics metrics = new Metrics();
	private final Journal journal;
	private final Deployments deployments;
	private final Reconciler reconciler;
	private AutoCloseable watch;
	private AssignmentSource source;
	private StatusReporter reporter;

	@Activate
	public Agent(Config config) throws IOException {
		journal = Journal.open(Descriptors.dataPath(config.journalDirectory(), "journal"), config.journalFsync());
		deployments = new DeploymentsView(journal, registry);
		reconciler = new Reconciler(journal, registry, fetcher,
				new Reconciler.Settings(config.workers(), Duration.ofMillis(config.minBackoffMs()),
						Duration.ofMillis(config.maxBackoffMs()), Duration.ofSeconds(config.resyncSeconds()),
						Duration.ofHours(config.terminatedRetentionHours())),
				Clock.systemUTC(), metrics);
		LOG.info("DINFRA agent active: {} deployments in the journal", journal.records().size());
	}

	@Deactivate
	void deactivate() {
		closeWatch();
		reconciler.close();
		try {
			journal.close();
		} catch (IOException e) {
			LOG.warn("Closing the journal: {}", e.getMessage());
		}
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	void addReactor(Reactor reactor, Map<String, Object> properties) {
		registry.add(reactor, properties, owner(reactor));
	}

	void removeReactor(Reactor reactor) {
		registry.remove(reactor);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	void addStore(DescriptorStore store, Map<String, Object> properties) {
		fetcher.add(store, properties.get("service.ranking") instanceof Integer i ? i : 0);
	}

	void removeStore(DescriptorStore store) {
		fetcher.remove(store);
	}

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	synchronized void setSource(AssignmentSource source) {
		closeWatch();
		LOG.info("Assignment source: {}", source.name());
		this.source = source;
		watch = source.watch(reconciler);
	}

	synchronized void unsetSource(AssignmentSource source) {
		// A greedy reference binds a better source before it unbinds the one it replaces.
		if (source != this.source) {
			return;
		}
		this.source = null;
		closeWatch();
		reconciler.outOfSync();
	}

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	synchronized void setReporter(StatusReporter reporter) {
		this.reporter = reporter;
		reconciler.setReporter(reporter);
	}

	synchronized void unsetReporter(StatusReporter reporter) {
		// A greedy reference binds a better reporter before it unbinds the one it replaces.
		if (reporter != this.reporter) {
			return;
		}
		this.reporter = null;
		reconciler.setReporter(null);
	}

	private synchronized void closeWatch() {
		if (watch != null) {
			try {
				watch.close();
			} catch (Exception e) {
				LOG.warn("Closing the assignment watch: {}", e.toString());
			}
			watch = null;
		}
	}

	private static String owner(Reactor reactor) {
		Bundle bundle = FrameworkUtil.getBundle(reactor.getClass());
		return bundle == null ? reactor.getClass().getName() : bundle.getSymbolicName();
	}

	@Override
	public List<DescriptorType> types() {
		return registry.types();
	}

	@Override
	public Optional<DescriptorType> type(String id) {
		return registry.type(id);
	}

	@Override
	public List<String> validate(String type, byte[] descriptor) {
		return registry.validate(type, descriptor);
	}

	@Override
	public AutoCloseable addChangeListener(ChangeListener listener) {
		return registry.addChangeListener(listener);
	}

	@Override
	public List<Deployment> list() {
		return deployments.list();
	}

	@Override
	public Optional<Deployment> get(long id) {
		return deployments.get(id);
	}

	@Override
	public Snapshot snapshot() {
		return metrics.snapshot();
	}
}
