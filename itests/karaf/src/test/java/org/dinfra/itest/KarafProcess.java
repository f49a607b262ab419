package org.dinfra.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.dinfra.cli.provision.AgentProvisioning;
import org.dinfra.cli.provision.ChainProvider;
import org.dinfra.cli.provision.Provisioning;

/**
 * The distribution as a provider runs it: unpacked from the built archive and started with
 * {@code bin/karaf server} as a separate process, which a test can kill with SIGKILL.
 */
public final class KarafProcess implements AutoCloseable {
	private final Path home;
	private Process process;
	private int starts;

	private KarafProcess(Path home) {
		this.home = home;
	}

	/**
	 * Unpacks the distribution into a fresh directory and moves its ports off the defaults.
	 *
	 * @param zip   the distribution archive
	 * @param under where to unpack
	 * @return the unpacked distribution, not started
	 */
	public static KarafProcess unpack(Path zip, Path under) throws IOException {
		Files.createDirectories(under);
		Path target = Files.createTempDirectory(under, "karaf-");
		Path home = null;
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			ZipEntry e;
			while ((e = in.getNextEntry()) != null) {
				Path out = target.resolve(e.getName()).normalize();
				if (!out.startsWith(target)) {
					throw new IOException("bad zip entry " + e.getName());
				}
				if (e.isDirectory()) {
					Files.createDirectories(out);
					continue;
				}
				Files.createDirectories(out.getParent());
				Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
				if (e.getName().matches("[^/]+/bin/[^/.]+")) {
					Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
				}
				if (home == null) {
					home = target.resolve(e.getName().substring(0, e.getName().indexOf('/')));
				}
			}
		}
		KarafProcess karaf = new KarafProcess(home);
		karaf.config("org.apache.karaf.shell", "sshPort", String.valueOf(KarafOptions.freePort()));
		karaf.config("org.apache.karaf.management", "rmiRegistryPort", String.valueOf(KarafOptions.freePort()));
		karaf.config("org.apache.karaf.management", "rmiServerPort", String.valueOf(KarafOptions.freePort()));
		return karaf;
	}

	/** @return the distribution's home */
	public Path home() {
		return home;
	}

	/** @return the data directory */
	public Path data() {
		return home.resolve("data");
	}

	/** Sets one property of {@code etc/<pid>.cfg}, keeping the rest of the file. */
	public void config(String pid, String key, String value) throws IOException {
		Path file = home.resolve("etc").resolve(pid + ".cfg");
		List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
		boolean replaced = false;
		for (int i = 0; i < lines.size(); i++) {
			String l = lines.get(i).trim();
			if (!l.startsWith("#") && (l.startsWith(key + " ") || l.startsWith(key + "="))) {
				lines.set(i, key + " = " + value);
				replaced = true;
			}
		}
		if (!replaced) {
			lines.add(key + " = " + value);
		}
		Files.write(file, lines);
		Properties check = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			check.load(in);
		}
		if (!value.equals(check.getProperty(key))) {
			throw new IOException("could not set " + key + " in " + file);
		}
	}

	/**
	 * Writes etc/ as {@code ./dinfra agent provision} does (the one writer of featuresBoot and the
	 * chain configuration).
	 */
	public void provision(Provisioning what) throws IOException {
		new AgentProvisioning(home).apply(what);
	}

	/**
	 * Makes the agent follow a chain as a provider that registers itself and the types it serves:
	 * the key in {@code etc/provider.suri} (0600), and {@link #provision} with the endpoints.
	 *
	 * @param suri      the provider's secret URI, for example {@code //Dave}
	 * @param endpoints the node endpoints, comma separated
	 */
	public void followChain(String suri, String endpoints) throws IOException {
		Path secret = home.resolve("etc").resolve("provider.suri");
		Files.writeString(secret, suri + "\n");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		provision(Provisioning.NOTHING.onChain(ChainProvider.registering(endpoints, secret)));
	}

	/** Makes the agent serve a reactor, by descriptor type or feature name, from its first start. */
	public void serve(String reactor) throws IOException {
		provision(Provisioning.NOTHING.withReactors(reactor));
	}

	/** Starts {@code bin/karaf server}; output goes to {@code karaf-<n>.out} beside the home. */
	public void start() throws IOException {
		starts++;
		Path out = home.resolveSibling("karaf-" + starts + ".out");
		ProcessBuilder pb = new ProcessBuilder(home.resolve("bin").resolve("karaf").toString(), "server")
				.directory(home.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
		pb.environment().remove("KARAF_DATA");
		pb.environment().remove("KARAF_ETC");
		process = pb.start();
	}

	/** @return how often "DINFRA agent active" appears in the log */
	public long agentActivations() throws IOException {
		Path log = data().resolve("log").resolve("karaf.log");
		if (!Files.exists(log)) {
			return 0;
		}
		try (var lines = Files.lines(log)) {
			return lines.filter(l -> l.contains("DINFRA agent active")).count();
		}
	}

	/** @return the resident memory of the Karaf JVM in KiB (from /proc), 0 when not running */
	public long rssKiB() throws IOException {
		if (process == null) {
			return 0;
		}
		long total = 0;
		List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
		all.add(process.toHandle());
		for (ProcessHandle h : all) {
			if (h.info().command().orElse("").endsWith("/java")) {
				for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
					if (line.startsWith("VmRSS:")) {
						total += Long.parseLong(line.replaceAll("[^0-9]", ""));
					}
				}
			}
		}
		return total;
	}

	/** Kills the JVM and its launcher script with SIGKILL, as a crash would. */
	public void kill() throws InterruptedException {
		if (process == null) {
			return;
		}
		List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
		all.add(process.toHandle());
		for (ProcessHandle h : all) {
			h.destroyForcibly();
		}
		for (ProcessHandle h : all) {
			h.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
		}
		process = null;
	}

	/** Stops gracefully (SIGTERM), then kills what is left. */
	@Override
	public void close() throws InterruptedException {
		if (process == null) {
			return;
		}
		List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
		all.add(process.toHandle());
		all.forEach(ProcessHandle::destroy);
		for (ProcessHandle h : all) {
			try {
				h.onExit().toCompletableFuture().get(30, TimeUnit.SECONDS);
			} catch (Exception e) {
				h.destroyForcibly();
			}
		}
		process = null;
	}
}
