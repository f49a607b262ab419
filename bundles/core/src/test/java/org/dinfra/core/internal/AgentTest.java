package org.dinfra.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.testing.InMemoryReactor;
import org.dinfra.core.internal.reconcile.RecordingReporter;
import org.dinfra.core.internal.store.Descriptors;
import org.dinfra.core.internal.store.LocalDescriptorStore;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentTest {
	private static final byte[] VALID = "{\"services\":{\"web\":{\"image\":\"nginx\"}}}".getBytes(StandardCharsets.UTF_8);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Agent agent;
	private Path journal;

	/** A source that hands a fixed snapshot to whoever watches, and tells whether it is watched. */
	private static final class FixedSource implements AssignmentSource {
		private final String name;
		private final List<Assignment> assignments;
		final AtomicBoolean watched = new AtomicBoolean();

		FixedSource(String name, List<Assignment> assignments) {
			this.name = name;
			this.assignments = assignments;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public AutoCloseable watch(AssignmentListener listener) {
			watched.set(true);
			listener.snapshot(assignments);
			return () -> watched.set(false);
		}
	}

	private static Agent.Config config(Path journal) {
		return new Agent.Config() {
			@Override
			public Class<? extends Annotation> annotationType() {
				return Agent.Config.class;
			}

			@Override
			public int workers() {
				return 2;
			}

			@Override
			public long minBackoffMs() {
				return 10;
			}

			@Override
			public long maxBackoffMs() {
				return 50;
			}

			@Override
			public long resyncSeconds() {
				return 1;
			}

			@Override
			public long terminatedRetentionHours() {
				return 1;
			}

			@Override
			public String journalDirectory() {
				return journal.toString();
			}

			@Override
			public boolean journalFsync() {
				return false;
			}
		};
	}

	@Before
	public void setUp() throws IOException {
		journal = tmp.getRoot().toPath().resolve("journal");
		agent = new Agent(config(journal));
	}

	@After
	public void tearDown() {
		agent.deactivate();
	}

	private Cid stored() throws IOException {
		LocalDescriptorStore store = new LocalDescriptorStore(tmp.getRoot().toPath().resolve("content"),
				Descriptors.DEFAULT_MAX_BYTES);
		agent.addStore(store, Map.of("service.ranking", 100));
		return store.put(VALID);
	}

	private void awaitState(long id, DeploymentState state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> agent.get(id).map(d -> d.state()).orElse(null) == state);
	}

	@Test
	public void wiresSourceStoresReactorsAndReporterIntoRunningDeployments() throws IOException {
		InMemoryReactor reactor = new InMemoryReactor();
		agent.addReactor(reactor, reactor.properties());
		RecordingReporter reporter = new RecordingReporter();
		agent.setReporter(reporter);
		Cid cid = stored();
		agent.setSource(new FixedSource("directory", List.of(new Assignment(1, InMemoryReactor.TYPE, cid, ""))));

		awaitState(1, DeploymentState.RUNNING);
		await().atMost(Duration.ofSeconds(10)).until(() -> reporter.reports().equals(List.of("running 1")));
		assertEquals(List.of(InMemoryReactor.TYPE), agent.types().stream().map(t -> t.id()).toList());
		assertEquals(List.of(), agent.validate(InMemoryReactor.TYPE, VALID));
		assertEquals(1, agent.list().size());
	}

	@Test
	public void replacingTheSourceKeepsTheNewWatchOpen() throws IOException {
		FixedSource first = new FixedSource("first", List.of());
		FixedSource second = new FixedSource("second", List.of());
		agent.setSource(first);
		// A greedy dynamic reference binds the better service, then unbinds the old one.
		agent.setSource(second);
		agent.unsetSource(first);
		assertFalse(first.watched.get());
		assertTrue("the replacement's watch stays open", second.watched.get());

		agent.unsetSource(second);
		assertFalse(second.watched.get());
	}

	@Test
	public void replacingTheReporterKeepsReportingToTheNewOne() throws IOException {
		InMemoryReactor reactor = new InMemoryReactor();
		agent.addReactor(reactor, reactor.properties());
		RecordingReporter old = new RecordingReporter();
		RecordingReporter better = new RecordingReporter();
		agent.setReporter(old);
		agent.setReporter(better);
		agent.unsetReporter(old);
		Cid cid = stored();
		agent.setSource(new FixedSource("directory", List.of(new Assignment(1, InMemoryReactor.TYPE, cid, ""))));

		awaitState(1, DeploymentState.RUNNING);
		await().atMost(Duration.ofSeconds(10)).until(() -> better.reports().equals(List.of("running 1")));
		assertEquals(List.of(), old.reports());
	}

	@Test
	public void removedReactorTypeIsNoLongerServed() {
		InMemoryReactor reactor = new InMemoryReactor();
		agent.addReactor(reactor, reactor.properties());
		agent.removeReactor(reactor);
		assertEquals(Optional.empty(), agent.type(InMemoryReactor.TYPE));
	}

	@Test
	public void deactivateClosesTheWatchAndTheJournalSurvivesForTheNextActivation() throws IOException {
		InMemoryReactor reactor = new InMemoryReactor();
		agent.addReactor(reactor, reactor.properties());
		Cid cid = stored();
		FixedSource source = new FixedSource("directory", List.of(new Assignment(1, InMemoryReactor.TYPE, cid, "")));
		agent.setSource(source);
		awaitState(1, DeploymentState.RUNNING);
		agent.deactivate();
		assertFalse(source.watched.get());

		agent = new Agent(config(journal));
		assertEquals(DeploymentState.RUNNING, agent.get(1).orElseThrow().state());
	}
}
