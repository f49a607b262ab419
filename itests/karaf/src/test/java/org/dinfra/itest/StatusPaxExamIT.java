package org.dinfra.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.SourceStatus;
import org.junit.Assume;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Operations in the real distribution: feature dinfra-status serves the status API, Prometheus
 * metrics and health check over real HTTP on 127.0.0.1 (Pax Web on the port of
 * etc/org.ops4j.pax.web.cfg), and every deployment gets its own log file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class StatusPaxExamIT {
	private static final Duration TIMEOUT = Duration.ofSeconds(60);
	private static final long ID = 2001;
	private static final long OTHER_ID = 2002;

	@Inject
	BundleContext context;

	@Inject
	Deployments deployments;

	@Inject
	SessionFactory sessions;

	@Configuration
	public Option[] config() {
		int port = KarafOptions.freePort();
		return KarafOptions.distribution(
				editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port)),
				systemProperty("dinfra.itest.httpPort").value(String.valueOf(port)));
	}

	// ---- fixtures -------------------------------------------------------------------------------

	private static Path data(String name) {
		return Path.of(System.getProperty("karaf.data"), name);
	}

	private static Cid store(String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(bytes);
		Path dir = data("dinfra/content");
		Files.createDirectories(dir);
		Files.write(dir.resolve(cid.toString()), bytes);
		return cid;
	}

	private static void assign(long id, Cid cid) throws IOException {
		Path dir = data("dinfra/assignments");
		Files.createDirectories(dir);
		Path tmp = dir.resolve(id + ".tmp");
		Files.writeString(tmp, "{\"type\":\"test-file\",\"descriptor\":\"" + cid + "\",\"consumer\":\"itest\"}");
		Files.move(tmp, dir.resolve(id + ".json"));
	}

	private void installTestReactor() throws Exception {
		Optional<Bundle> existing = Arrays.stream(context.getBundles())
				.filter(b -> "org.dinfra.itest.reactor".equals(b.getSymbolicName())).findFirst();
		if (existing.isEmpty()) {
			context.installBundle("file:" + System.getProperty("dinfra.itest.reactor")).start();
		}
	}

	private static int port() {
		return Integer.parseInt(System.getProperty("dinfra.itest.httpPort"));
	}

	/** A GET over real HTTP: status, Content-Type and body. */
	private record Reply(int status, String contentType, String body) {
	}

	private static Reply get(String path) throws IOException {
		HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port() + path).openConnection();
		c.setConnectTimeout(5000);
		c.setReadTimeout(10000);
		try {
			int status = c.getResponseCode();
			InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
			String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new Reply(status, c.getContentType(), body);
		} finally {
			c.disconnect();
		}
	}

	/** Waits until Pax Web serves the path (the feature's bundles start asynchronously). */
	private static Reply awaitServed(String path) throws Exception {
		return Eventually.until("GET " + path, TIMEOUT, () -> {
			try {
				return get(path);
			} catch (ConnectException e) {
				return null;
			}
		}, r -> r != null && r.status() != 404);
	}

	private String execute(String command) throws Exception {
		return new Console(sessions).execute(command);
	}

	// ---- tests ----------------------------------------------------------------------------------

	@Test
	public void a_statusFeatureServesDeploymentsMetricsAndHealthOverHttp() throws Exception {
		execute("feature:install dinfra-status");
		installTestReactor();
		assign(ID, store("{\"message\":\"observed\"}"));
		Eventually.until("deployment " + ID + " running", TIMEOUT,
				() -> deployments.get(ID).map(d -> d.state() == DeploymentState.RUNNING).orElse(false));

		Reply health = awaitServed("/dinfra/health");
		assertEquals(health.body(), 200, health.status());
		assertTrue(health.contentType(), health.contentType().startsWith("application/json"));
		assertTrue(health.body(), health.body().contains("\"status\" : \"UP\""));

		Reply list = get("/dinfra/api/v1/deployments");
		assertEquals(200, list.status());
		assertTrue(list.body(), list.body().contains("\"id\" : \"" + ID + "\""));
		assertTrue(list.body(), list.body().contains("\"state\" : \"RUNNING\""));
		assertTrue(list.body(), list.body().contains("\"consumer\" : \"itest\""));

		Reply one = get("/dinfra/api/v1/deployments/" + ID);
		assertEquals(200, one.status());
		assertTrue(one.body(), one.body().contains("\"type\" : \"test-file\""));
		assertTrue(one.body(), one.body().contains("\"since\" : \""));
		assertEquals(404, get("/dinfra/api/v1/deployments/999999").status());

		Reply status = get("/dinfra/api/v1/status");
		assertEquals(200, status.status());
		assertTrue(status.body(), status.body().contains("\"reactor\" : \"org.dinfra.itest.reactor\""));

		Reply metrics = get("/dinfra/metrics");
		assertEquals(200, metrics.status());
		assertEquals("text/plain;version=0.0.4;charset=utf-8", metrics.contentType().replace(" ", ""));
		List<String> lines = metrics.body().lines().toList();
		assertTrue(metrics.body(), lines.contains("dinfra_agent_up 1"));
		assertTrue(metrics.body(), lines.contains("dinfra_deployments{state=\"running\"} 1"));
		assertTrue(metrics.body(), lines.contains(
				"dinfra_reactor_call_duration_seconds_count{type=\"test-file\",operation=\"deploy\"} 1"));
		assertTrue(metrics.body(), lines.contains("dinfra_reconcile_latency_seconds_count{outcome=\"running\"} 1"));
		assertTrue(metrics.body(), lines.contains(
				"dinfra_reactor_info{type=\"test-file\",version=\"1\",reactor=\"org.dinfra.itest.reactor\"} 1"));
	}

	@Test
	public void b_healthIs503WhileTheSourceIsOutOfSyncAndMetricsShowItsLag() throws Exception {
		awaitServed("/dinfra/health");
		SourceStatus behind = new SourceStatus() {
			@Override
			public String name() {
				return "itest-chain";
			}

			@Override
			public boolean inSync() {
				return false;
			}

			@Override
			public long lag() {
				return 17;
			}

			@Override
			public Map<String, String> details() {
				return Map.of("endpoint", "ws://127.0.0.1:1");
			}
		};
		Dictionary<String, Object> props = new Hashtable<>();
		ServiceRegistration<SourceStatus> reg = context.registerService(SourceStatus.class, behind, props);
		try {
			Reply down = Eventually.until("health 503", TIMEOUT, () -> get("/dinfra/health"), r -> r.status() == 503);
			assertTrue(down.body(), down.body().contains("\"status\" : \"DOWN\""));
			assertTrue(down.body(), down.body().contains("assignment source 'itest-chain' is not in sync (lag 17)"));
			List<String> lines = get("/dinfra/metrics").body().lines().toList();
			assertTrue(lines.toString(), lines.contains("dinfra_source_lag{source=\"itest-chain\"} 17"));
			assertTrue(lines.toString(), lines.contains("dinfra_source_in_sync{source=\"itest-chain\"} 0"));
			assertTrue(get("/dinfra/api/v1/status").body().contains("\"lag\" : 17"));
		} finally {
			reg.unregister();
		}
		Eventually.until("health 200 again", TIMEOUT, () -> get("/dinfra/health").status() == 200);
	}

	@Test
	public void c_httpListensOnLoopbackOnly() throws Exception {
		awaitServed("/dinfra/health");
		Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
				.flatMap(i -> Collections.list(i.getInetAddresses()).stream())
				.filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
		Assume.assumeTrue("this machine has no non-loopback IPv4 address", external.isPresent());
		try (Socket s = new Socket()) {
			s.connect(new InetSocketAddress(external.get(), port()), 2000);
			throw new AssertionError("the status port answers on " + external.get() + ", not only on 127.0.0.1");
		} catch (ConnectException expected) {
			// refused: nothing listens there
		}
	}

	@Test
	public void d_eachDeploymentGetsItsOwnLogFile() throws Exception {
		installTestReactor();
		assign(OTHER_ID, store("{\"message\":\"another\"}"));
		Eventually.until("deployment " + OTHER_ID + " running", TIMEOUT,
				() -> deployments.get(OTHER_ID).map(d -> d.state() == DeploymentState.RUNNING).orElse(false));
		Path log = data("log/deployments").resolve(ID + ".log");
		Path other = data("log/deployments").resolve(OTHER_ID + ".log");
		String text = Eventually.until(log + " with the running line", TIMEOUT,
				() -> Files.exists(log) ? Files.readString(log) : "", s -> s.contains("Deployment " + ID + " running"));
		assertTrue(text, text.contains("Deploying " + ID + " (test-file"));
		assertFalse("only this deployment's lines: " + text, text.contains(" " + OTHER_ID));
		String otherText = Eventually.until(other + " with the running line", TIMEOUT,
				() -> Files.exists(other) ? Files.readString(other) : "", s -> s.contains("Deployment " + OTHER_ID + " running"));
		assertFalse(otherText, otherText.contains(" " + ID + " "));
		try (var files = Files.list(data("log/deployments"))) {
			List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
			assertTrue("no file for lines without a deployment: " + names,
					names.stream().allMatch(n -> n.matches("\\d+\\.log(\\.\\d+)?")));
		}
		String karafLog = Files.readString(data("log/karaf.log"));
		assertTrue("the lines also stay in karaf.log", karafLog.contains("Deployment " + ID + " running"));

		String shown = execute("dinfra:deployment-log " + ID);
		assertTrue(shown, shown.contains("Deployment " + ID + " running"));
		String last = execute("dinfra:deployment-log -n 1 " + ID);
		assertEquals(last, 1, last.strip().lines().count());
		String missing = execute("dinfra:deployment-log 987654");
		assertFalse(missing, missing.contains("running"));
	}
}
