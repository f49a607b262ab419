package org.dinfra.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Cid;
import org.dinfra.core.testing.InMemoryReactor;
import org.dinfra.core.testing.ReconcilerHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fresh agent reconciles a snapshot of N assignments against an in-memory reactor until every
 * deployment is RUNNING and reported.
 *
 * <p>One invocation (single shot) = a fresh journal directory, journal, reconciler, registry with
 * an in-memory reactor (small JSON Schema) and an in-memory store of N distinct small
 * descriptors, all set up untimed; timed: {@link Reconciler#snapshot} of the N assignments, then
 * waiting until all N were reported running and {@link Reconciler#idle()}. Everything the agent
 * does per deployment is in: journal writes (fsync per snapshot and per compaction when
 * {@link #fsync} is on), CID verification, JSON Schema validation, the reactor call, the report,
 * and INFO logging to a file (slf4j-simple; in Karaf, pax-logging writes karaf.log).
 *
 * <p>Each invocation also prints {@code [cpu] <ms>}: the CPU time the whole JVM used during the
 * timed part (workers, GC, JIT, journal). On a machine shared with other builds, wall time
 * varies with their load; CPU time much less, which makes it the figure to compare changes by.
 *
 * <p>System properties: {@code dinfra.bench.dir} (where journals and the log go; default
 * java.io.tmpdir), {@code dinfra.bench.heap=true} (print the heap retained after each run).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ReconcilerBenchmark {
	private static final long FIRST_ID = 1_000_000L;
	private static final long TIMEOUT_SECONDS = 300;

	/** Journal fsync: true is the production default (journalFsync in org.dinfra.core.cfg). */
	@Param({"true", "false"})
	public boolean fsync;

	/** Reconciler workers (workers in org.dinfra.core.cfg; default 8). */
	@Param({"8"})
	public int workers;

	/** Assignments in the snapshot. */
	@Param({"10000"})
	public int deployments;

	/** Level of the agent's log (info in production; warn shows what INFO logging costs). */
	@Param({"info"})
	public String log;

	private Path base;
	private Map<Cid, byte[]> content;
	private List<Assignment> assignments;

	private Path journalDir;
	private ReconcilerHarness agent;
	private InMemoryReactor reactor;
	private CountingReporter reporter;
	private long cpuNanos;

	@Setup(Level.Trial)
	public void prepare() throws IOException {
		base = Path.of(System.getProperty("dinfra.bench.dir", System.getProperty("java.io.tmpdir")));
		Files.createDirectories(base);
		// Before the first core class initialises SLF4J; -D options given to the fork win.
		System.setProperty("org.slf4j.simpleLogger.logFile",
				System.getProperty("org.slf4j.simpleLogger.logFile", base.resolve("reconciler-bench.log").toString()));
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
				System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", log));
		System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
		System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss,SSS");

		content = new HashMap<>();
		assignments = new ArrayList<>(deployments);
		for (int i = 0; i < deployments; i++) {
			byte[] descriptor = ("{\"services\":{\"web\":{\"image\":\"registry.example/app-" + i
					+ ":1.0\",\"replicas\":" + (1 + i % 3) + "}}}").getBytes(StandardCharsets.UTF_8);
			Cid cid = Cid.of(descriptor);
			content.put(cid, descriptor);
			assignments.add(new Assignment(FIRST_ID + i, InMemoryReactor.TYPE, cid,
					String.format("5Consumer%038d", i)));
		}
	}

	@Setup(Level.Invocation)
	public void freshAgent() throws IOException {
		journalDir = Files.createTempDirectory(base, "dinfra-journal-");
		reactor = new InMemoryReactor();
		reporter = new CountingReporter(deployments);
		// The Agent's defaults (org.dinfra.core.cfg), workers as the parameter.
		agent = ReconcilerHarness.start(journalDir, fsync, workers, reactor, reactor.properties(),
				new InMemoryDescriptorStore(content), reporter);
		// The registry's reactor triggers an inventory listing at start: let it finish untimed.
		while (!agent.idle()) {
			LockSupport.parkNanos(100_000);
		}
	}

	/** @return how many deployments were reported running */
	@Benchmark
	public int reconcile() throws InterruptedException {
		long cpu0 = processCpuNanos();
		agent.snapshot(assignments);
		if (!reporter.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("only " + reporter.running() + " of " + deployments
					+ " deployments reported running within " + TIMEOUT_SECONDS + " s");
		}
		while (!agent.idle()) {
			LockSupport.parkNanos(100_000);
		}
		cpuNanos = processCpuNanos() - cpu0;
		return reporter.running();
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
	}

	@TearDown(Level.Invocation)
	public void check() throws IOException {
		try {
			long wrong = agent.notRunningAndReported();
			if (agent.journaled() != deployments || wrong != 0 || reactor.size() != deployments) {
				throw new IllegalStateException("after the run: " + agent.journaled() + " journal records, "
						+ wrong + " not RUNNING and reported, " + reactor.size() + " running in the reactor; expected "
						+ deployments);
			}
			System.out.printf("%n[cpu] %d ms%n", cpuNanos / 1_000_000);
			if (Boolean.getBoolean("dinfra.bench.heap")) {
				printRetainedHeap();
			}
		} finally {
			agent.close();
			deleteTree(journalDir);
		}
	}

	private void printRetainedHeap() {
		Runtime rt = Runtime.getRuntime();
		System.gc();
		System.gc();
		long used = rt.totalMemory() - rt.freeMemory();
		System.out.printf("%n[heap] %d deployments running: %.1f MB used after GC (agent state and the benchmark's"
				+ " own store and reactor maps; max heap %.0f MB)%n", deployments, used / 1048576.0,
				rt.maxMemory() / 1048576.0);
	}

	private static void deleteTree(Path dir) throws IOException {
		if (dir == null || !Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
