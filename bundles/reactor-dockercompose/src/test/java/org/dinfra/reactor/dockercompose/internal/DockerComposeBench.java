package org.dinfra.reactor.dockercompose.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.ReactorStatus;

/**
 * Figures of the docker-compose reactor against the engine DOCKER_HOST names (run by
 * scripts/bench/dockercompose.sh; not a test):
 * <ul>
 * <li>{@code overhead RUNS}: the same project (the Compose file the reactor writes) brought up
 * bare, {@code <compose> -p P -f F up -d} and then polling {@code docker ps} every 250 ms until it
 * runs and is healthy, and through {@link DockerComposeReactor#deploy}; alternately, torn down
 * between runs, after one uncounted warm-up run of each. Prints the medians and their ratio.</li>
 * <li>{@code concurrent N WORKERS}: N small deployments through one reactor from WORKERS threads,
 * timed from the first call until all run.</li>
 * </ul>
 */
public final class DockerComposeBench {
	private DockerComposeBench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("usage: DockerComposeBench overhead RUNS [health|plain] | concurrent N WORKERS");
			System.exit(2);
		}
		Path data = Files.createTempDirectory("dinfra-bench-");
		String provider = "bench-" + ProcessHandle.current().pid();
		int settle = Integer.getInteger("dinfra.bench.settleMillis", 1000);
		DockerComposeReactor reactor = new DockerComposeReactor(Configs.config(Map.of("providerId", provider, "dataDir",
				data.toString(), "allowedImagePrefixes", "dinfra/", "stopTimeoutSeconds", 1, "readyTimeoutSeconds", 120,
				"settleMillis", settle)));
		System.out.println("reactor settleMillis = " + settle);
		try {
			if (args[0].equals("overhead")) {
				overhead(reactor, data, Integer.parseInt(args[1]), args.length < 3 || args[2].equals("health"));
			} else {
				concurrent(reactor, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			}
		} finally {
			reactor.deactivate();
		}
	}

	private static String descriptor(int port, boolean health) {
		return health ? Descriptors.web(port, "")
				: "{\"services\": {\"web\": {\"image\": \"" + Engine.TEST_IMAGE + "\", \"ports\": [\"" + port + ":8080\"]}}}";
	}

	private static DeploymentRequest request(long id, String d) {
		return new DeploymentRequest(id, "docker-compose", Cid.of(d.getBytes()), d, "bench");
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

	private static double median(List<Double> values) {
		List<Double> s = new ArrayList<>(values);
		Collections.sort(s);
		int n = s.size();
		return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
	}

	private static void overhead(DockerComposeReactor reactor, Path data, int runs, boolean health) throws Exception {
		ComposeCli cli = new ComposeCli("docker", "", "", data.resolve("bare-tmp"));
		List<Double> bare = new ArrayList<>();
		List<Double> agent = new ArrayList<>();
		System.out.println("compose: " + String.join(" ", cli.compose()) + "; service: busybox httpd"
				+ (health ? " with a 1 s health check" : " without health check"));
		// run 0 warms up (JIT, Compose detection, image cache) and is not counted
		for (int i = -1; i < runs; i++) {
			for (boolean viaReactor : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
				long id = 900_002 + i * 2L + (viaReactor ? 1 : 0);
				String d = descriptor(Engine.freePublishPort(), health);
				if (viaReactor) {
					long t0 = System.nanoTime();
					ReactorStatus s = reactor.deploy(request(id, d));
					long t = System.nanoTime() - t0;
					check(s);
					if (i >= 0) {
						agent.add(ms(t));
					}
					reactor.teardown(id);
				} else {
					Path dir = Files.createDirectories(data.resolve("bare-" + id));
					Path file = dir.resolve("compose.json");
					Files.writeString(file, ComposeFile.render(ComposeFile.parse(d), reactor.policySettings(), id,
							reactor.providerId(), cli.isV1()));
					String project = "bench-bare-" + id;
					long t0 = System.nanoTime();
					ComposeCli.Result up = cli.compose(file, project, Duration.ofMinutes(5), null, "up", "-d");
					if (!up.ok()) {
						throw new IllegalStateException(up.output());
					}
					while (true) {
						ComposeCli.Result ps = cli.docker(Duration.ofMinutes(1), null, "ps", "-a", "--filter",
								"label=com.docker.compose.project=" + project, "--format", Container.FORMAT);
						if (Container.status(id, Container.parse(ps.output()), Set.of("web")).state() == DeploymentState.RUNNING) {
							break;
						}
						Thread.sleep(250);
					}
					long t = System.nanoTime() - t0;
					if (i >= 0) {
						bare.add(ms(t));
					}
					cli.compose(file, project, Duration.ofMinutes(5), null, "down", "-v", "--timeout", "1");
				}
			}
			if (i >= 0) {
				System.out.printf("run %d: bare %.0f ms, reactor %.0f ms%n", i + 1, bare.get(i), agent.get(i));
			}
		}
		double b = median(bare);
		double a = median(agent);
		System.out.printf("overhead: bare compose up + wait median %.0f ms, reactor deploy median %.0f ms, ratio %.2f (%d runs each)%n",
				b, a, a / b, runs);
	}

	private static void check(ReactorStatus s) {
		if (s.state() != DeploymentState.RUNNING) {
			throw new IllegalStateException("not running: " + s);
		}
	}

	private static void concurrent(DockerComposeReactor reactor, int n, int workers) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		List<Long> ids = new ArrayList<>();
		List<Future<Double>> calls = new ArrayList<>();
		long t0 = System.nanoTime();
		for (int i = 0; i < n; i++) {
			long id = 950_000 + i;
			ids.add(id);
			String d = descriptor(Engine.freePublishPort(), false).replace(":8080\"", ":8080\"], \"labels\": [\"bench=" + i + "\"");
			calls.add(pool.submit(() -> {
				long s = System.nanoTime();
				check(reactor.deploy(request(id, d)));
				return ms(System.nanoTime() - s);
			}));
		}
		List<Double> each = new ArrayList<>();
		for (Future<Double> f : calls) {
			each.add(f.get());
		}
		double total = ms(System.nanoTime() - t0);
		System.out.printf("concurrent: %d deployments (busybox httpd, 1 container each) running after %.1f s with %d workers;"
				+ " per deploy median %.1f s, max %.1f s%n", n, total / 1000, workers, median(each) / 1000,
				Collections.max(each) / 1000);
		List<Future<?>> downs = new ArrayList<>();
		for (long id : ids) {
			downs.add(pool.submit(() -> {
				reactor.teardown(id);
				return null;
			}));
		}
		for (Future<?> f : downs) {
			f.get();
		}
		pool.shutdown();
	}
}
