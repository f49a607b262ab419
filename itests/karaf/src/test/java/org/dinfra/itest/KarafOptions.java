package org.dinfra.itest;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** Pax Exam options that boot the DINFRA distribution on Java 17, off the default ports. */
public final class KarafOptions {
	private KarafOptions() {
	}

	/** @return the path of a build artifact handed over by failsafe */
	public static String artifact(String property) {
		String value = System.getProperty(property);
		if (value == null || !new File(value).isFile()) {
			throw new IllegalStateException("system property " + property + " must name a file (set by failsafe): " + value);
		}
		return value;
	}

	/** @return a free TCP port on 127.0.0.1 */
	public static int freePort() {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * @param extra more options
	 * @return the distribution, Java 17 flags (as bin/karaf passes them), free ports, fast scans
	 */
	public static Option[] distribution(Option... extra) {
		String karafVersion = System.getProperty("dinfra.karaf.version", "4.4.10");
		List<Option> options = new ArrayList<>(List.of(
				karafDistributionConfiguration().frameworkUrl("file:" + artifact("dinfra.distro.zip"))
						.karafVersion(karafVersion).name("DINFRA agent")
						.unpackDirectory(new File(System.getProperty("dinfra.it.dir", "target/it"), "exam"))
						.useDeployFolder(false),
				keepRuntimeFolder(),
				configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
				logLevel(LogLevel.INFO),
				editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
				editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
						String.valueOf(freePort())),
				editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
						String.valueOf(freePort())),
				editConfigurationFilePut("etc/org.dinfra.source.directory.cfg", "scanIntervalMs", "200"),
				editConfigurationFilePut("etc/org.dinfra.core.cfg", "minBackoffMs", "200"),
				editConfigurationFilePut("etc/org.dinfra.core.cfg", "maxBackoffMs", "2000"),
				editConfigurationFilePut("etc/org.dinfra.core.cfg", "resyncSeconds", "3"),
				systemProperty("dinfra.itest.reactor").value(artifact("dinfra.itest.reactor")),
				vmOptions(jdk17Flags())));
		options.addAll(Arrays.asList(extra));
		return options.toArray(new Option[0]);
	}

	/** The module flags Karaf's bin/karaf passes on Java 9+; Pax Exam no longer adds them. */
	private static String[] jdk17Flags() {
		String karafVersion = System.getProperty("dinfra.karaf.version", "4.4.10");
		return new String[] {"--add-reads=java.xml=java.logging",
				"--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
				"--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
				"--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
				"--add-opens", "java.base/java.security=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED",
				"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
				"--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
				"--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
				"--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
				"--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
				"--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
				"--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
				"--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
				"--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
				"-classpath", "lib/jdk9plus/*:lib/boot/*"};
	}
}
